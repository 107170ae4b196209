package dev.jgu.testing;

import dev.jgu.http.ConnectionInfo;
import dev.jgu.http.Http1Connection;
import dev.jgu.http.HttpConfig;
import dev.jgu.http.RequestObserver;
import dev.jgu.http.Transport;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Requests in, the bytes jgu's codec wrote out: the adapter driven through the real connection. */
public final class Wire implements Transport {

    private final ByteBuffer input;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    private Wire(String requests) {
        input = ByteBuffer.wrap(requests.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Serves every request in {@code requests} on one connection.
     *
     * @return what was written, and whether the connection stayed open after the last one
     */
    public static Result serve(Handler handler, Log log, String requests) throws IOException {
        return serve(handler, log, requests, HttpConfig.defaults());
    }

    /**
     * As {@link #serve(Handler, Log, String)}, with the codec's policy.
     *
     * @param config the limits and rules the codec applies
     */
    public static Result serve(Handler handler, Log log, String requests, HttpConfig config) throws IOException {
        Wire wire = new Wire(requests);
        Http1Connection c = Http1Connection.serving(handler, wire,
                new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false), config, log,
                RequestObserver.NONE);
        boolean open = true;
        while (open && (wire.input.hasRemaining() || c.hasBufferedInput())) {
            open = c.serveOne(true);
        }
        return new Result(wire.written.toString(StandardCharsets.ISO_8859_1), open);
    }

    /**
     * What the connection wrote.
     *
     * @param out every byte written, as ISO-8859-1
     * @param open whether the connection stayed open after the last request
     */
    public record Result(String out, boolean open) {
        /** @return the first response's head, with its final CRLF */
        public String head() {
            return out.substring(0, out.indexOf("\r\n\r\n") + 2);
        }

        /** @return what follows the first head */
        public String body() {
            return out.substring(out.indexOf("\r\n\r\n") + 4);
        }

        /** @return the first response's status */
        public int status() {
            return Integer.parseInt(out.substring(9, 12));
        }
    }

    @Override
    public int read(ByteBuffer dst) {
        if (!input.hasRemaining()) {
            return -1;
        }
        int n = Math.min(dst.remaining(), input.remaining());
        ByteBuffer slice = input.slice(input.position(), n);
        dst.put(slice);
        input.position(input.position() + n);
        return n;
    }

    /** The requests are all there at once: no read waits. */
    @Override
    public int read(ByteBuffer dst, long deadline) {
        return read(dst);
    }

    @Override
    public void write(ByteBuffer src) {
        byte[] b = new byte[src.remaining()];
        src.get(b);
        written.writeBytes(b);
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) {
        throw new UnsupportedOperationException("no files here");
    }
}
