package dev.jgu.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A minimal HTTP/1.1 client over TCP or a UNIX socket, for process tests: one request per connection. */
final class HttpProbe {

    /** A response: status code and body text. */
    record Reply(int status, String head, String body) {
        long pid() {
            return Long.parseLong(body.trim());
        }
    }

    private HttpProbe() {
    }

    /** @param address {@code host:port}, {@code [v6]:port} or {@code unix:PATH} */
    static Reply get(String address, String target) throws IOException {
        return send(address, getRequest(target));
    }

    /** {@link #get} on another thread: for a request in flight while the test goes on; a failure completes it exceptionally. */
    static java.util.concurrent.CompletableFuture<Reply> getAsync(String address, String target) {
        return getAsync(address, target, java.time.Duration.ofMillis(READ_TIMEOUT_MS));
    }

    /** {@link #getAsync(String, String)} that waits up to {@code bound} for the answer (one that starts jgu first, say). */
    static java.util.concurrent.CompletableFuture<Reply> getAsync(String address, String target, java.time.Duration bound) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return parse(exchange(address, getRequest(target), bound.toMillis()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, ASYNC);
    }

    /**
     * A thread of its own per request: the common pool has one thread on a 2-core machine and is
     * shared by the test classes running in parallel, so a request that hangs on purpose would
     * hold up every later one.
     */
    private static final java.util.concurrent.Executor ASYNC = r -> Thread.ofPlatform().name("http-probe-async").daemon().start(r);

    private static String getRequest(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
    }

    static Reply send(String address, String request) throws IOException {
        return parse(exchange(address, request, READ_TIMEOUT_MS));
    }

    private static final long READ_TIMEOUT_MS = 30_000;

    /** Writes the request, then reads until the server closes, bounded by a deadline. */
    static String exchange(String address, String request, long timeoutMillis) throws IOException {
        try (SocketChannel ch = open(address); Selector selector = Selector.open()) {
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (true) {
                int n = ch.read(buf);
                if (n < 0) {
                    return all.toString(StandardCharsets.ISO_8859_1);
                }
                all.write(buf.array(), 0, buf.position());
                buf.clear();
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no end of response from " + address + " within " + timeoutMillis
                            + "ms; got: " + all.toString(StandardCharsets.ISO_8859_1));
                }
                if (n == 0) {
                    selector.select(left);
                    selector.selectedKeys().clear();
                }
            }
        }
    }

    private static SocketChannel open(String address) throws IOException {
        if (address.startsWith("unix:")) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(Path.of(address.substring(5))));
            return ch;
        }
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        SocketChannel ch = SocketChannel.open();
        ch.connect(new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1))));
        return ch;
    }

    private static Reply parse(String raw) throws IOException {
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.") || end < 0) {
            throw new IOException("not an HTTP response: " + raw);
        }
        String head = raw.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        String body = raw.substring(end + 4);
        if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Reply(status, head, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }
}
