package dev.jgu.arbiter;

import dev.jgu.protocol.ErrorLog;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code metrics_bind}: the arbiter's Prometheus endpoint, on one thread of its own with a
 * selector, so a scrape never waits for the loop or a worker and a slow or silent client
 * never holds up another. HTTP/1.x, one request per connection ({@code Connection: close}):
 * {@code GET /metrics} (or HEAD), and {@code /} pointing there; anything else 404, a method
 * other than GET or HEAD 405. A request head is read up to 8 KiB within 10 s, or the
 * connection is closed; at most 64 connections are open at once. Nothing a client sends can
 * end the thread: every failure costs that connection only, and is logged.
 */
final class MetricsEndpoint implements AutoCloseable {

    static final int MAX_HEAD = 8192;
    static final long HEAD_TIMEOUT_NANOS = 10_000_000_000L;
    static final int MAX_CONNECTIONS = 64;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Supplier<io.prometheus.metrics.model.snapshots.MetricSnapshots> collect;
    private final ErrorLog log;
    private final String display;
    private final Path ownedPath;
    private final Thread thread;
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
    private volatile boolean closed;
    /** When a refused connection was last logged: a flood of them is said once a minute. */
    private long refusedLogged = System.nanoTime() - 60_000_000_000L;

    /** One client connection: its head so far, then the response being written. */
    private static final class Exchange {
        final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
        final long deadline;
        ByteBuffer out;

        Exchange(long deadline) {
            this.deadline = deadline;
        }
    }

    private MetricsEndpoint(ServerSocketChannel server, String display, Path ownedPath,
            Supplier<io.prometheus.metrics.model.snapshots.MetricSnapshots> collect, ErrorLog log) throws IOException {
        this.server = server;
        this.display = display;
        this.ownedPath = ownedPath;
        this.collect = collect;
        this.log = log;
        this.selector = Selector.open();
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::serve, "jgu-metrics");
        thread.setDaemon(true);
    }

    /**
     * Binds {@code metrics_bind} and starts serving.
     *
     * @param canonical the setting's value: {@code HOST:PORT}, {@code [V6]:PORT} or {@code unix:PATH}
     */
    static MetricsEndpoint open(String canonical, int umask, Posix posix,
            Supplier<io.prometheus.metrics.model.snapshots.MetricSnapshots> collect, ErrorLog log) throws IOException {
        BindAddress address = BindAddress.parse(canonical);
        ServerSocketChannel ch;
        if (address.kind() == BindAddress.Kind.UNIX) {
            int previous = posix.umask(umask);
            try {
                ch = ListenerSocket.bindUnix(address.path(), MAX_CONNECTIONS);
            } finally {
                posix.umask(previous);
            }
        } else {
            ch = ListenerSocket.bindTcp(address, MAX_CONNECTIONS);
        }
        int port = ch.getLocalAddress() instanceof InetSocketAddress inet ? inet.getPort() : 0;
        MetricsEndpoint endpoint = new MetricsEndpoint(ch, address.display(port),
                address.kind() == BindAddress.Kind.UNIX ? address.path() : null, collect, log);
        endpoint.thread.start();
        return endpoint;
    }

    /** @return the bound address, with the real port */
    String display() {
        return display;
    }

    private void serve() {
        while (!closed) {
            try {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                expire(System.nanoTime());
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.error("metrics endpoint error", e);
                }
            }
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isAcceptable()) {
                accept();
            } else if (key.isReadable()) {
                read(key);
            } else if (key.isWritable()) {
                write(key);
            }
        } catch (IOException | RuntimeException e) {
            // One connection's trouble (reset, a bug rendering) is that connection's only.
            if (!(e instanceof IOException)) {
                log.error("metrics endpoint: request failed", e);
            }
            close(key);
        }
    }

    private void accept() throws IOException {
        SocketChannel client;
        while ((client = server.accept()) != null) {
            if (selector.keys().size() > MAX_CONNECTIONS) {
                client.close();
                long now = System.nanoTime();
                if (now - refusedLogged >= 60_000_000_000L) {
                    refusedLogged = now;
                    log.warn("metrics endpoint: " + MAX_CONNECTIONS + " connections open already; closing new ones (said once a minute)");
                }
                continue;
            }
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ, new Exchange(System.nanoTime() + HEAD_TIMEOUT_NANOS));
        }
    }

    private void read(SelectionKey key) throws IOException {
        Exchange x = (Exchange) key.attachment();
        int n = ((SocketChannel) key.channel()).read(x.in);
        if (n < 0) {
            close(key);
            return;
        }
        int end = MetricsRequest.headEnd(x.in.array(), x.in.position());
        if (end < 0 && x.in.hasRemaining()) {
            return;
        }
        x.out = ByteBuffer.wrap(end < 0 ? MetricsRequest.error(431, "request head over " + MAX_HEAD + " bytes")
                : respond(MetricsRequest.parse(x.in.array(), end)));
        key.interestOps(SelectionKey.OP_WRITE);
        write(key);
    }

    private byte[] respond(MetricsRequest request) throws IOException {
        if (request == null) {
            return MetricsRequest.error(400, "bad request");
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return MetricsRequest.error(405, "only GET and HEAD");
        }
        if (request.path().equals("/")) {
            return MetricsRequest.response(200, "text/plain; charset=utf-8",
                    "jgu arbiter metrics: GET /metrics\n".getBytes(StandardCharsets.UTF_8), request.head());
        }
        if (!request.path().equals("/metrics")) {
            return MetricsRequest.error(404, "not found: GET /metrics");
        }
        String accept = request.accept();
        ExpositionFormatWriter writer = accept != null && openMetrics.accepts(accept) ? openMetrics : text;
        ByteArrayOutputStream body = new ByteArrayOutputStream(16384);
        try {
            writer.write(body, collect.get());
        } catch (RuntimeException e) {
            log.error("metrics endpoint: cannot collect the metrics", e);
            return MetricsRequest.error(500, "cannot collect the metrics; the arbiter's log has why");
        }
        return MetricsRequest.response(200, writer.getContentType(), body.toByteArray(), request.head());
    }

    private void write(SelectionKey key) throws IOException {
        Exchange x = (Exchange) key.attachment();
        ((SocketChannel) key.channel()).write(x.out);
        if (!x.out.hasRemaining()) {
            close(key);
        }
    }

    /** Closes every connection past its deadline: a head not sent in time, or a response not read. */
    private void expire(long now) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Exchange x && now - x.deadline > 0) {
                close(key);
            }
        }
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // closing a client connection that already failed: nothing more to do about it
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Exchange) {
                    key.channel().close();
                }
            }
            selector.close();
            server.close();
        } catch (IOException e) {
            log.warn("metrics endpoint: close failed: " + e.getMessage());
        }
        if (ownedPath != null) {
            try {
                Files.deleteIfExists(ownedPath);
            } catch (IOException e) {
                log.warn("metrics endpoint: cannot remove " + ownedPath + ": " + e.getMessage());
            }
        }
    }
}
