package dev.jgu.spi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One request and its response, for apps that set the status and headers while they run and
 * send the body in pieces: WSGI's {@code start_response} contract, and what a Servlet or a
 * {@code com.sun.net.httpserver.HttpHandler} expects of its container.
 *
 * <p>The head (status, headers, length) may change until it is <em>committed</em>, which happens
 * at the first of: {@link #flush()}, a body that outgrows the server's buffer (16 KiB), closing
 * {@link #body()}, the handler returning. The framing follows from when that was:
 * <ul>
 *   <li>committed by closing the body or by returning, never flushed: the whole body was
 *       buffered, and the response carries {@code Content-Length};</li>
 *   <li>committed earlier: the {@link #contentLength(long)} the app declared, else chunked on
 *       HTTP/1.1 and close-delimited on HTTP/1.0.</li>
 * </ul>
 * HEAD, 204 and 304 responses carry no body whatever is written (a HEAD answered without a
 * flush says the length the body would have had). The server owns {@code Date},
 * {@code Server}, {@code Connection} and the framing fields; hop-by-hop fields the app sets are
 * dropped, and a field with CR, LF or another control is refused with a 500, as for {@link
 * Response}. Once committed, the head is final: setting the status, the length or a header
 * throws {@link IllegalStateException}.
 *
 * <p>An {@link App} is served through {@link #send(Response)}, which writes its response as it
 * is (bytes without a copy, files with sendfile). An exchange is used by one thread, and only
 * until {@link Handler#handle} returns.
 */
public interface Exchange {

    /** @return the request; its body may be read at most once */
    Request request();

    /** @return the status to send, 200 until {@link #status(int)} changes it */
    int status();

    /**
     * Sets the status.
     *
     * @param status 200..999 (an interim 1xx is refused with a 500 when the head is sent)
     * @throws IllegalArgumentException when outside 100..999
     * @throws IllegalStateException when the head is committed
     */
    void status(int status);

    /**
     * The response header fields, mutable until the head is committed; afterwards they are
     * locked and changing them throws {@link IllegalStateException}.
     *
     * @return the fields
     */
    Headers headers();

    /**
     * Declares the body's length, so a response committed before its end is sent with
     * {@code Content-Length} instead of chunked. Writing more is not sent, writing less ends
     * the connection after the response; either is logged as a length mismatch.
     *
     * @param length the exact number of body bytes, or -1 for unknown (the default)
     * @throws IllegalArgumentException when below -1
     * @throws IllegalStateException when the head is committed
     */
    void contentLength(long length);

    /** @return the declared length, or -1 */
    long contentLength();

    /**
     * The body stream; the same stream on every call. Its {@code flush()} is {@link #flush()};
     * its {@code close()} ends the body (and commits the head if nothing was flushed, with
     * {@code Content-Length}); writing after that throws {@link IOException}.
     *
     * @return the body stream
     * @throws IllegalStateException when the response was sent with {@link #send(Response)}
     */
    OutputStream body();

    /**
     * Commits the head, and sends it with what was written so far.
     *
     * @throws IOException when the client went away
     */
    void flush() throws IOException;

    /** @return whether the head was committed (or the response sent with {@link #send(Response)}) */
    boolean committed();

    /**
     * Forgets the status, headers, length and buffered body, as if nothing had been set.
     *
     * @throws IllegalStateException when the head is committed
     */
    void reset();

    /**
     * Answers with this complete response instead: its status, headers and body (bytes, a
     * stream or a file) are sent as they are. The exchange's own status, headers and length are
     * not used. This is how an {@link App} is served.
     *
     * @param response the response
     * @throws IOException when the client went away
     * @throws IllegalStateException when the head is committed or body bytes were written
     */
    void send(Response response) throws IOException;
}
