package dev.jgu.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Accumulates CRLF-terminated lines from a stream of byte buffers, whatever the split.
 * Lines end at CRLF only (RFC 9112 §2.2): a bare LF stays inside the line, where the
 * line's own rules reject it. Lines are kept one after the other, so offsets into
 * {@link #data} stay valid until {@link #clear()}.
 */
final class LineBuffer {

    static final int MORE = 0;
    static final int LINE = 1;
    static final int TOO_LONG = -1;

    byte[] data;
    int len;
    int lineStart;

    LineBuffer(int capacity) {
        data = new byte[capacity];
    }

    void clear() {
        len = 0;
        lineStart = 0;
    }

    /** @return the end of the completed line (CRLF excluded) */
    int lineEnd() {
        return len - 2;
    }

    /** Moves past the completed line. */
    void next() {
        lineStart = len;
    }

    /** @return whether any byte of the current line was received */
    boolean partial() {
        return len > lineStart;
    }

    /**
     * Takes bytes from {@code in} up to and including the next CRLF.
     *
     * @param in the input; its position moves past what was taken
     * @param max the most bytes the line may have, CRLF included
     * @return {@link #LINE} when a line is complete, {@link #MORE} when {@code in} ran out first,
     *     {@link #TOO_LONG} when the line cannot end within {@code max} bytes (nothing more is kept)
     */
    int read(ByteBuffer in, int max) {
        if (!in.hasArray()) {
            return readSlow(in, max);
        }
        byte[] a = in.array();
        int off = in.arrayOffset();
        int p = off + in.position();
        int lim = off + in.limit();
        int have = len - lineStart;
        int stop = (int) Math.min(lim, (long) p + max - have);
        int i = p;
        while (true) {
            i = ByteClass.indexOfLf(a, i, stop);
            if (i >= stop) {
                break;
            }
            boolean crlf = i > p ? a[i - 1] == '\r' : have > 0 && data[len - 1] == '\r';
            i++;
            if (crlf) {
                append(a, p, i - p);
                in.position(i - off);
                return LINE;
            }
        }
        if (stop < lim) {
            return TOO_LONG;
        }
        append(a, p, lim - p);
        in.position(lim - off);
        // The shortest possible end is one LF after a trailing CR: refuse as soon as even that is too long.
        return len - lineStart + 1 > max ? TOO_LONG : MORE;
    }

    private int readSlow(ByteBuffer in, int max) {
        while (in.hasRemaining()) {
            if (len - lineStart >= max) {
                return TOO_LONG;
            }
            byte b = in.get();
            ensure(1);
            data[len++] = b;
            if (b == '\n' && len - lineStart >= 2 && data[len - 2] == '\r') {
                return LINE;
            }
        }
        return len - lineStart + 1 > max ? TOO_LONG : MORE;
    }

    private void append(byte[] a, int from, int n) {
        ensure(n);
        System.arraycopy(a, from, data, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > data.length) {
            data = Arrays.copyOf(data, Math.max(len + n, data.length * 2));
        }
    }
}
