package dev.jgu.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The stream a {@link dev.jgu.spi.BodyWriter} or an {@link dev.jgu.spi.Exchange} writes to. The
 * head is sent with the first flush, so an app that fails before writing anything still gets a
 * clean 500. Framing is Content-Length (never more bytes than declared), chunked,
 * close-delimited, or none (HEAD, 204, 304: bytes are counted, never sent).
 *
 * <p>With a {@link Commit}, the head and the framing are chosen only when the first bytes go out,
 * knowing whether the body is complete by then: an exchange's head may change until that moment.
 */
final class BodyOutput extends OutputStream {

    enum Mode { FIXED, CHUNKED, CLOSE, NONE }

    /** Builds the head of a response whose head may change until its first bytes are sent. */
    interface Commit {
        /**
         * Called once, before anything is sent: builds the head into the output's
         * {@link ResponseHead} and sets the framing with {@link #frame} (or {@link #refuse}).
         *
         * @param out the output
         * @param complete whether the body is complete: never flushed, so {@link #written()} is its length
         */
        void commit(BodyOutput out, boolean complete);
    }

    private static final int HEADROOM = 18;
    /** A complete body up to this size goes out in the same write as the head. */
    private static final int INLINE_BODY = 8192;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    /** Room kept after the buffered bytes: a chunk's CRLF, and the last chunk when the body ends. */
    private static final int TAILROOM = 2 + 5;

    private final Transport transport;
    private final ResponseHead head;
    private final byte[] buf;
    private final byte[] one = new byte[1];
    private final Commit commit;
    private Mode mode;
    private long declared;
    private int count;
    private long written;
    private long sent;
    private boolean committed;
    private boolean overflow;
    private boolean closed;
    private boolean lastChunkSent;
    private String refusal;
    private IOException transportError;

    BodyOutput(Transport transport, ResponseHead head, Mode mode, long declared, byte[] buf) {
        this(transport, head, mode, declared, buf, null);
    }

    /** An output whose head {@code commit} builds when the first bytes go out. */
    BodyOutput(Transport transport, ResponseHead head, byte[] buf, Commit commit) {
        this(transport, head, null, -1, buf, commit);
    }

    private BodyOutput(Transport transport, ResponseHead head, Mode mode, long declared, byte[] buf, Commit commit) {
        this.transport = transport;
        this.head = head;
        this.mode = mode;
        this.declared = declared;
        this.buf = buf;
        this.commit = commit;
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
        if (refusal != null) {
            throw new IOException(refusal);
        }
        written += len;
        while (len > 0) {
            if (mode == Mode.NONE) {
                return;
            }
            int n = len;
            if (mode == Mode.FIXED && declared - sent - count < n) {
                overflow = true;
                n = (int) Math.max(0, declared - sent - count);
                if (n == 0) {
                    return;
                }
            }
            int room = buf.length - TAILROOM - HEADROOM - count;
            if (room == 0) {
                send(false);
                continue;
            }
            n = Math.min(room, n);
            System.arraycopy(b, off, buf, HEADROOM + count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (!closed) {
            send(false);
        }
    }

    /** Sends what is buffered, the head first if not yet sent. */
    private void send(boolean complete) throws IOException {
        send(complete, false);
    }

    /**
     * Sends what is buffered, the head first if not yet sent; with {@code last}, a chunked body's
     * last chunk goes out in the same write as its data.
     */
    private void send(boolean complete, boolean last) throws IOException {
        try {
            if (!committed) {
                committed = true;
                if (commit != null) {
                    commit.commit(this, complete);
                }
                if (count > 0 && count <= INLINE_BODY && mode != Mode.NONE) {
                    // the first bytes of the body share the head's write: one syscall, one segment
                    if (mode == Mode.CHUNKED) {
                        head.append((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        head.append(buf, HEADROOM, count);
                        head.append(CRLF);
                    } else {
                        head.append(buf, HEADROOM, count);
                    }
                    sent += count;
                    count = 0;
                }
                if (count == 0 && last && mode == Mode.CHUNKED) {
                    head.append(LAST_CHUNK);
                    lastChunkSent = true;
                }
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
                if (last) {
                    System.arraycopy(LAST_CHUNK, 0, buf, end, LAST_CHUNK.length);
                    end += LAST_CHUNK.length;
                    lastChunkSent = true;
                }
            }
            sent += count;
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
        send(!committed, true);
        closed = true;
        if (mode == Mode.CHUNKED && !lastChunkSent) {
            try {
                transport.write(ByteBuffer.wrap(LAST_CHUNK));
            } catch (IOException e) {
                transportError = e;
                throw e;
            }
        }
    }

    /**
     * Sets the framing, for a {@link Commit}: what is buffered beyond a declared length is
     * dropped (an overflow), and nothing is kept without a body.
     */
    void frame(Mode framing, long length) {
        mode = framing;
        declared = length;
        if (framing == Mode.NONE) {
            count = 0;
        } else if (framing == Mode.FIXED && count > length) {
            overflow = true;
            count = (int) length;
        }
    }

    /**
     * Nothing of the body will be sent: the head was refused (its replacement, an error, is in
     * the {@link ResponseHead}), or the response went another way. Writing fails with {@code why}.
     */
    void refuse(String why) {
        frame(Mode.NONE, -1);
        committed = true;
        refusal = why;
    }

    /** Drops what was written while the head is not committed (an exchange's reset). */
    void discard() {
        if (committed) {
            throw new IllegalStateException("response already committed");
        }
        count = 0;
        written = 0;
    }

    boolean committed() {
        return committed;
    }

    boolean closed() {
        return closed;
    }

    /** @return the framing; null while a {@link Commit} has not chosen it */
    Mode mode() {
        return mode;
    }

    /** @return the declared length of a {@link Mode#FIXED} body, else -1 or the HEAD length */
    long declared() {
        return declared;
    }

    /** @return bytes the app wrote, including any excess that was not sent */
    long written() {
        return written;
    }

    /** @return body bytes handed to the transport (framing excluded) */
    long sent() {
        return sent;
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
