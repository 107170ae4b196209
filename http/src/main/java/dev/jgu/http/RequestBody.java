package dev.jgu.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as the app reads it. The first read answers {@code Expect: 100-continue}
 * (RFC 9110 §10.1.1), so a client is never asked for a body the app does not want. A framing
 * error is remembered so that the connection is closed whatever the app does with it.
 *
 * <p>The body's progress deadline (nginx's {@code client_body_timeout}, mod_reqtimeout's
 * {@code MinRate}): the reads may keep the worker waiting for the client
 * {@link HttpConfig#bodyTimeoutNanos()} in all, plus one second per
 * {@link HttpConfig#bodyMinRate()} bytes received. Only waiting counts, so an app that
 * computes between its reads does not spend the client's allowance.
 */
final class RequestBody extends InputStream {

    private final ConnectionInput input;
    private final BodyDecoder decoder;
    private final ResponseWriter writer;
    private boolean expectContinue;
    private HttpException error;
    private boolean continueSent;
    private final byte[] one = new byte[1];
    private final HttpConfig config;
    /** Nanoseconds the reads have waited for the client so far. */
    private long waited;
    /** Bytes read from the client for this body (framing included). */
    private long received;

    RequestBody(ConnectionInput input, BodyDecoder decoder, ResponseWriter writer, boolean expectContinue,
            HttpConfig config) {
        this.input = input;
        this.decoder = decoder;
        this.writer = writer;
        this.expectContinue = expectContinue;
        this.config = config;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 255;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (error != null) {
            throw error;
        }
        if (len == 0) {
            return 0;
        }
        if (expectContinue && !decoder.done()) {
            expectContinue = false;
            continueSent = true;
            writer.writeContinue();
        }
        try {
            while (true) {
                int n = decoder.read(input.buffer, b, off, len);
                if (n != 0) {
                    return n;
                }
                if (!fill()) {
                    decoder.endOfInput();
                    if (decoder.truncated()) {
                        throw new HttpException(HttpError.NO_MORE_DATA, "eof-in-body");
                    }
                }
            }
        } catch (HttpException e) {
            error = e;
            throw e;
        }
    }

    /**
     * Reads more of the body within its progress deadline.
     *
     * @return false at end of stream
     * @throws HttpException ({@code RequestTimeout}) when the client fell behind
     */
    private boolean fill() throws IOException {
        long timeout = config.bodyTimeoutNanos();
        if (timeout == 0) {
            return input.fill();
        }
        long rate = config.bodyMinRate();
        // saturates past 4 GiB, where the allowance is already longer than any client keeps a connection
        long allowance = rate == 0 ? timeout
                : timeout + Math.min(received, Long.MAX_VALUE / 2_000_000_000L) * 1_000_000_000L / rate;
        long from = config.clock().getAsLong();
        int n = allowance - waited > 0 ? input.fill(from + allowance - waited) : 0;
        waited += config.clock().getAsLong() - from;
        if (n == 0) {
            throw new HttpException(HttpError.REQUEST_TIMEOUT, "body-timeout", "waited "
                    + waited / 1_000_000 + "ms for " + received + " bytes, body_timeout="
                    + timeout / 1_000_000 + "ms body_min_rate=" + rate + "B/s");
        }
        if (n > 0) {
            received += n;
        }
        return n > 0;
    }

    @Override
    public int available() {
        return decoder.done() ? 0 : Math.min(input.buffer.remaining(), 1);
    }

    /** @return the framing error the body hit, or null */
    HttpException error() {
        return error;
    }

    /** @return whether the client still waits for 100 Continue (so it may never send the body) */
    boolean continueWithheld() {
        return expectContinue && !continueSent;
    }

    /**
     * Reads and discards what the app left unread, so the next request can be parsed.
     *
     * @param limit the most body bytes to discard
     * @return true when the body ended within the limit
     */
    boolean drain(int limit, byte[] scratch) throws IOException {
        long budget = limit;
        try {
            while (!decoder.done()) {
                int n = decoder.read(input.buffer, scratch, 0, (int) Math.min(scratch.length, budget + 1));
                if (n > 0) {
                    budget -= n;
                    if (budget < 0) {
                        return false;
                    }
                } else if (n == 0 && !fill()) {
                    decoder.endOfInput();
                }
            }
            return true;
        } catch (HttpException e) {
            error = e;
            return false;
        }
    }
}
