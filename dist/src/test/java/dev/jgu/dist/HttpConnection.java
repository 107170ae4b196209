package dev.jgu.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One client connection kept open across requests, for keep-alive and pipelining
 * checks: writes raw requests, reads responses framed by Content-Length or chunked
 * coding, and tells when the server closed. Every read is bounded by a deadline.
 */
final class HttpConnection implements AutoCloseable {

    /** A response: status, head (lower-cased field names kept as sent) and body. */
    record Response(int status, String head, String body) {
        boolean closes() {
            return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
        }

        long pid() {
            return Long.parseLong(body.trim());
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private byte[] buffered = new byte[0];
    private boolean eof;

    private HttpConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    static HttpConnection open(String address) throws IOException {
        return open(address, 0);
    }

    /**
     * @param sendBuffer the socket's {@code SO_SNDBUF}, or 0 for the system's: a small one keeps
     *     a client that sends more than the server reads blocked in its writes (else the kernel
     *     takes megabytes on loopback), as a client uploading over a real network is
     */
    static HttpConnection open(String address, int sendBuffer) throws IOException {
        SocketChannel ch;
        SocketAddress remote;
        if (address.startsWith("unix:")) {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            remote = UnixDomainSocketAddress.of(Path.of(address.substring(5)));
        } else {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            ch = SocketChannel.open();
            remote = new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
        }
        if (sendBuffer > 0) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
        }
        ch.connect(remote);
        return new HttpConnection(ch);
    }

    static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    static String post(String target, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    void send(String raw) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("write stalled");
                }
                awaitWritable(left);
            }
        }
    }

    private void awaitWritable(long millis) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(SelectionKey.OP_WRITE);
        try {
            selector.select(millis);
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    Response exchange(String raw, long timeoutMillis) throws IOException {
        send(raw);
        return read(timeoutMillis);
    }

    /** Reads one response; throws when none arrives within the timeout or the server closes first. */
    Response read(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        int end;
        while ((end = indexOf(buffered, "\r\n\r\n")) < 0) {
            fill(deadline, "a response head");
        }
        String head = new String(buffered, 0, end, StandardCharsets.ISO_8859_1);
        consume(end + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        String lower = head.toLowerCase(Locale.ROOT);
        String body;
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            body = readChunked(deadline);
        } else {
            int length = contentLength(lower);
            while (buffered.length < length) {
                fill(deadline, "a body of " + length + " bytes");
            }
            body = new String(buffered, 0, length, StandardCharsets.ISO_8859_1);
            consume(length);
        }
        return new Response(status, head, body);
    }

    /**
     * Waits for the server to close the connection (EOF or reset).
     *
     * @return the milliseconds it took
     */
    long awaitClose(long timeoutMillis) throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeoutMillis * 1_000_000;
        try {
            while (!eof) {
                fill(deadline, "the server to close");
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            // a reset is a close too
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Waits for the server's FIN after the responses read so far: a clean EOF. A reset, or
     * bytes after the responses, fail.
     */
    void awaitEof(long timeoutMillis) throws IOException {
        if (buffered.length > 0) {
            throw new IOException("bytes after the response: " + new String(buffered, StandardCharsets.ISO_8859_1));
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        ByteBuffer buf = ByteBuffer.allocate(1024);
        while (!eof) {
            int n = channel.read(buf.clear());
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                String more = new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1);
                throw new IOException("bytes after the response: " + more);
            } else {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no EOF within " + timeoutMillis + " ms");
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        }
    }

    /** @return whether nothing arrives (and no close) within the window */
    boolean silentFor(long millis) throws IOException {
        try {
            fill(System.nanoTime() + millis * 1_000_000, "silence");
            return false;
        } catch (SocketTimeoutException expected) {
            return buffered.length == 0;
        }
    }

    private String readChunked(long deadline) throws IOException {
        StringBuilder out = new StringBuilder();
        while (true) {
            int eol;
            while ((eol = indexOf(buffered, "\r\n")) < 0) {
                fill(deadline, "a chunk size");
            }
            int size = Integer.parseInt(new String(buffered, 0, eol, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            consume(eol + 2);
            while (buffered.length < size + 2) {
                fill(deadline, "a chunk");
            }
            out.append(new String(buffered, 0, size, StandardCharsets.ISO_8859_1));
            consume(size + 2);
            if (size == 0) {
                return out.toString();
            }
        }
    }

    private static int contentLength(String lowerHead) {
        int i = lowerHead.indexOf("\r\ncontent-length:");
        if (i < 0) {
            return 0;
        }
        int eol = lowerHead.indexOf("\r\n", i + 2);
        return Integer.parseInt(lowerHead.substring(i + 17, eol < 0 ? lowerHead.length() : eol).trim());
    }

    private void fill(long deadline, String what) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16384);
        while (true) {
            if (eof) {
                throw new IOException("server closed the connection while waiting for " + what);
            }
            int n = channel.read(buf);
            if (n < 0) {
                eof = true;
                continue;
            }
            if (n > 0) {
                pending.reset();
                pending.write(buffered);
                pending.write(buf.array(), 0, n);
                buffered = pending.toByteArray();
                return;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("timed out waiting for " + what);
            }
            selector.select(left);
            selector.selectedKeys().clear();
        }
    }

    private void consume(int n) {
        byte[] rest = new byte[buffered.length - n];
        System.arraycopy(buffered, n, rest, 0, rest.length);
        buffered = rest;
    }

    private static int indexOf(byte[] hay, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (hay[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
