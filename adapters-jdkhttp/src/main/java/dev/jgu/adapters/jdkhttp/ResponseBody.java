package dev.jgu.adapters.jdkhttp;

import dev.jgu.spi.Exchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code HttpExchange.getResponseBody()}: refuses bytes before {@code sendResponseHeaders}
 * ("response headers not sent yet"), more bytes than the fixed length it gave ("too many bytes
 * to write to stream") and, on close, fewer ("insufficient bytes written to stream"), as the
 * JDK's server does. Writes go to the jgu exchange's body.
 */
final class ResponseBody extends OutputStream {

    private final Exchange exchange;
    private final byte[] one = new byte[1];
    private boolean ready;
    private boolean closed;
    /** Bytes still allowed; -1 for any number (chunked). */
    private long remaining = -1;

    ResponseBody(Exchange exchange) {
        this.exchange = exchange;
    }

    /** @param limit the exact number of bytes the body has, or -1 for any */
    void ready(long limit) {
        ready = true;
        remaining = limit;
    }

    private void check() throws IOException {
        if (!ready) {
            throw new IOException("response headers not sent yet");
        }
        if (closed) {
            throw new IOException("stream is closed");
        }
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        check();
        if (remaining >= 0 && len > remaining) {
            throw new IOException("too many bytes to write to stream");
        }
        exchange.body().write(b, off, len);
        if (remaining >= 0) {
            remaining -= len;
        }
    }

    @Override
    public void flush() throws IOException {
        check();
        exchange.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (!ready) {
            throw new IOException("response headers not sent yet");
        }
        closed = true;
        exchange.body().close();
        if (remaining > 0) {
            throw new IOException("insufficient bytes written to stream");
        }
    }

    boolean closed() {
        return closed;
    }
}
