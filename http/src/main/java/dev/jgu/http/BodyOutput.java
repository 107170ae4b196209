package dev.jgu.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stream a {@link dev.jgu.spi.BodyWriter} writes to. The head is sent with the first
 * flush, so an app that fails before writing anything still gets a clean 500. Framing is
 * Content-Length (never more bytes than declared), chunked, or close-delimited.
 */
final class BodyOutput extends OutputStream {

    enum Mode { FIXED, CHUNKED, CLOSE }

    private static final int HEADROOM = 18;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Transport transport;
    private final ResponseHead head;
    private final Mode mode;
    private final long declared;
    private final byte[] buf;
    private final byte[] one = new byte[1];
    private int count;
    private long written;
    private boolean committed;
    private boolean overflow;
    private boolean closed;
    private IOException transportError;

    BodyOutput(Transport transport, ResponseHead head, Mode mode, long declared, byte[] buf) {
        this.transport = transport;
        this.head = head;
        this.mode = mode;
        this.declared = declared;
        this.buf = buf;
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("response body already closed");
        }
        long before = written;
        written += len;
        if (mode == Mode.FIXED && written > declared) {
            overflow = true;
            len = (int) Math.max(0, declared - before);
        }
        while (len > 0) {
            int room = buf.length - 2 - HEADROOM - count;
            if (room == 0) {
                send();
                continue;
            }
            int n = Math.min(room, len);
            System.arraycopy(b, off, buf, HEADROOM + count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (!closed) {
            send();
        }
    }

    /** Sends what is buffered, the head first if not yet sent. */
    private void send() throws IOException {
        try {
            if (!committed) {
                committed = true;
                transport.write(ByteBuffer.wrap(head.bytes, 0, head.length));
            }
            if (count == 0) {
                return;
            }
            int start = HEADROOM;
            int end = HEADROOM + count;
            if (mode == Mode.CHUNKED) {
                byte[] size = (Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                start -= size.length;
                System.arraycopy(size, 0, buf, start, size.length);
                buf[end++] = '\r';
                buf[end++] = '\n';
            }
            count = 0;
            transport.write(ByteBuffer.wrap(buf, start, end - start));
        } catch (IOException e) {
            transportError = e;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        send();
        closed = true;
        if (mode == Mode.CHUNKED) {
            try {
                transport.write(ByteBuffer.wrap(LAST_CHUNK));
            } catch (IOException e) {
                transportError = e;
                throw e;
            }
        }
    }

    boolean committed() {
        return committed;
    }

    /** @return bytes the app wrote, including any excess that was not sent */
    long written() {
        return written;
    }

    /** @return whether the app wrote more than it declared (the excess was not sent) */
    boolean overflow() {
        return overflow;
    }

    /** @return whether fewer bytes than declared were written */
    boolean underflow() {
        return mode == Mode.FIXED && written < declared;
    }

    IOException transportError() {
        return transportError;
    }
}
