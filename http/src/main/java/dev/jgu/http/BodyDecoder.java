package dev.jgu.http;

import dev.jgu.spi.Headers;
import java.nio.ByteBuffer;

/**
 * Incremental request-body decoder for the two framings a request may use (RFC 9112 §6.3):
 * a Content-Length, or the chunked coding (§7.1) with its trailer section. Consumes exactly
 * the body from the input, whatever the split, so a pipelined request can follow.
 */
public final class BodyDecoder {

    /** Longest chunk-size line (size and extensions) accepted. */
    static final int MAX_CHUNK_LINE = 4096;
    /** More significant hex digits than this cannot be a real chunk (over 2^60 bytes). */
    private static final int MAX_SIZE_DIGITS = 15;

    private enum State { LENGTH, SIZE, DATA, DATA_CR, DATA_LF, TRAILERS, DONE }

    private final HttpConfig config;
    private final LineBuffer lines = new LineBuffer(256);
    private final FieldSection trailers;
    private State state = State.DONE;
    private long remaining;
    /** Decoded chunk data so far, against {@link HttpConfig#limitRequestBody()}. */
    private long decoded;
    private boolean truncated;

    /** @param config the policy (limits for the trailer section) */
    public BodyDecoder(HttpConfig config) {
        this.config = config;
        this.trailers = new FieldSection(config);
    }

    /**
     * Prepares for the body of {@code head}.
     *
     * @param head a complete request head
     */
    public void start(RequestHead head) {
        lines.clear();
        trailers.reset();
        remaining = 0;
        decoded = 0;
        truncated = false;
        if (head.chunked()) {
            state = State.SIZE;
        } else if (head.contentLength() > 0) {
            state = State.LENGTH;
            remaining = head.contentLength();
        } else {
            state = State.DONE;
        }
    }

    /** @return whether the whole body has been consumed */
    public boolean done() {
        return state == State.DONE;
    }

    /**
     * Decodes body bytes from {@code in} into {@code dst}.
     *
     * @param in the input; its position advances past what was consumed
     * @param dst where decoded body bytes go
     * @param off the offset in {@code dst}
     * @param len the most bytes to produce, at least 1
     * @return bytes produced (&gt; 0), 0 when {@code in} ran out first, -1 at the end of the body
     * @throws HttpException on a framing error
     */
    public int read(ByteBuffer in, byte[] dst, int off, int len) throws HttpException {
        while (true) {
            switch (state) {
                case DONE -> {
                    return -1;
                }
                case LENGTH, DATA -> {
                    int n = (int) Math.min(Math.min(remaining, len), in.remaining());
                    if (n == 0) {
                        return 0;
                    }
                    if (state == State.DATA && config.limitRequestBody() > 0 && decoded + n > config.limitRequestBody()) {
                        throw new HttpException(HttpError.LIMIT_REQUEST_BODY, "chunked-body-over-limit");
                    }
                    in.get(dst, off, n);
                    remaining -= n;
                    decoded += n;
                    if (remaining == 0) {
                        state = state == State.LENGTH ? State.DONE : State.DATA_CR;
                    }
                    return n;
                }
                default -> {
                    if (!in.hasRemaining()) {
                        return 0;
                    }
                    framing(in);
                }
            }
        }
    }

    /** Consumes chunk framing (size lines, CRLF after data, trailers) until data or the end. */
    private void framing(ByteBuffer in) throws HttpException {
        switch (state) {
            case DATA_CR, DATA_LF -> {
                byte b = in.get();
                if (b != (state == State.DATA_CR ? '\r' : '\n')) {
                    throw new HttpException(HttpError.CHUNK_MISSING_TERMINATOR, "chunk-data-without-crlf");
                }
                state = state == State.DATA_CR ? State.DATA_LF : State.SIZE;
            }
            case SIZE -> {
                int r = lines.read(in, MAX_CHUNK_LINE);
                if (r == LineBuffer.TOO_LONG) {
                    throw new HttpException(HttpError.INVALID_CHUNK_SIZE, "chunk-line-too-long");
                }
                if (r == LineBuffer.LINE) {
                    remaining = chunkSize(lines.data, lines.lineStart, lines.lineEnd());
                    lines.clear();
                    state = remaining == 0 ? State.TRAILERS : State.DATA;
                }
            }
            case TRAILERS -> {
                int r = lines.read(in, config.limitRequestFieldSize());
                if (r == LineBuffer.TOO_LONG) {
                    throw new HttpException(HttpError.LIMIT_REQUEST_HEADERS, "trailer-field-too-long");
                }
                if (r == LineBuffer.LINE) {
                    trailerLine();
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void trailerLine() throws HttpException {
        int before = trailers.count;
        // Trailers never count as coming from a trusted proxy (they arrive after the app saw the head).
        if (trailers.line(lines, false)) {
            state = State.DONE;
            return;
        }
        lines.next();
        if (trailers.count > before) {
            switch (trailers.known[before]) {
                // RFC 9110 §6.5.1: fields that frame, route or authenticate must not arrive late.
                case KnownHeaders.HOST, KnownHeaders.CONTENT_LENGTH, KnownHeaders.TRANSFER_ENCODING,
                     KnownHeaders.TRAILER, KnownHeaders.AUTHORIZATION, KnownHeaders.TE ->
                    throw new HttpException(HttpError.INVALID_HEADER_NAME, "forbidden-trailer-field");
                default -> {
                }
            }
        }
    }

    /** RFC 9112 §7.1: {@code chunk-size [ chunk-ext ]}, hex digits only, BWS only before an extension. */
    private static long chunkSize(byte[] d, int s, int e) throws HttpException {
        long size = 0;
        int significant = 0;
        int i = s;
        for (; i < e; i++) {
            int h = ByteClass.hex(d[i]);
            if (h < 0) {
                break;
            }
            if (size != 0 || h != 0) {
                if (++significant > MAX_SIZE_DIGITS) {
                    throw new HttpException(HttpError.INVALID_CHUNK_SIZE, "chunk-size-too-large");
                }
            }
            size = size << 4 | h;
        }
        if (i == s) {
            throw new HttpException(HttpError.INVALID_CHUNK_SIZE, "chunk-size-missing");
        }
        if (i == e) {
            return size;
        }
        int j = ByteClass.skipWhitespace(d, i, e);
        if (j == e || d[j] != ';') {
            throw new HttpException(HttpError.INVALID_CHUNK_SIZE, j == e ? "chunk-size-trailing-whitespace"
                    : "chunk-size-not-hex");
        }
        for (int k = j + 1; k < e; k++) {
            if (!ByteClass.FIELD_VALUE[d[k] & 255]) {
                throw new HttpException(HttpError.INVALID_CHUNK_EXTENSION, "control-character-in-chunk-extension");
            }
        }
        return size;
    }

    /**
     * Tells the decoder the peer closed its side.
     *
     * @throws HttpException when a chunked body is incomplete (a short Content-Length body
     *     ends instead, see {@link #truncated()})
     */
    public void endOfInput() throws HttpException {
        switch (state) {
            case DONE -> {
            }
            case TRAILERS -> throw new HttpException(HttpError.CHUNK_MISSING_TERMINATOR, "eof-before-last-crlf");
            case LENGTH -> {
                // Gunicorn's LengthReader ends a Content-Length body early at EOF rather than failing
                // the message (corpus valid/099); the connection still refuses to hand it over as whole.
                truncated = true;
                state = State.DONE;
            }
            default -> throw new HttpException(HttpError.NO_MORE_DATA, "eof-in-chunked-body");
        }
    }

    /** @return whether a Content-Length body ended early because the peer closed */
    public boolean truncated() {
        return truncated;
    }

    /** @return the number of trailer fields (complete once {@link #done()}) */
    public int trailerCount() {
        return trailers.count;
    }

    /** @return the trailer fields as a new {@link Headers} */
    public Headers trailers() {
        Headers h = new Headers(Math.max(trailers.count, 1));
        for (int i = 0; i < trailers.count; i++) {
            h.add(trailers.name(lines.data, i), trailers.value(lines.data, i));
        }
        return h;
    }
}
