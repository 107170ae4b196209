package dev.jgu.http;

import dev.jgu.spi.App;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Log;
import java.io.Closeable;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One client connection: the whole per-request path (parse, app call, response, error
 * mapping, 100-continue, drain) so every worker class behaves the same. Not thread-safe;
 * used by one thread at a time.
 */
public final class Http1Connection implements Closeable {

    /** Unread body left by the app is discarded up to this much; beyond it, closing is cheaper. */
    static final int DRAIN_LIMIT = 64 * 1024;

    private final ConnectionInfo info;
    private final Handler handler;
    private final Log log;
    private final RequestObserver observer;
    private final ConnectionInput input;
    private final long limitRequestBody;
    private final RequestParser parser;
    private final BodyDecoder decoder;
    private final ResponseWriter writer;
    private final ResponseExchange exchange;
    private final String peer;
    private byte[] scratch;
    /** Whether the last request was answered with an error: the rest of what the client sent is unread. */
    private boolean rejected;
    /** Whether the request served last kept the connection alive; false when the client closed before sending one. */
    private boolean clientKeepsAlive;
    private final long headerTimeoutNanos;
    private final HttpConfig config;
    private final LongSupplier clock;
    /** Whether {@link #headArrived()} began the next head, which {@link #serveOne(BooleanSupplier)} then goes on with. */
    private boolean headOpen;
    /** Whether a byte of the head being read has arrived. */
    private boolean headBegun;
    /** When it arrived, on {@link #clock}. */
    private long headStarted;
    private int headOutcome = HEAD_MORE;
    /** Why reading the head failed, kept from {@link #headArrived()} for {@link #serveOne(BooleanSupplier)}. */
    private IOException headFailure;

    private static final int HEAD_MORE = 0;
    private static final int HEAD_DONE = 1;
    private static final int HEAD_ENDED = 2;
    private static final int HEAD_FAILED = 3;

    /**
     * @param transport the connection's bytes
     * @param info who is on the other end
     * @param config the policy
     * @param app the application, served through {@link Handler#of(App)}
     * @param log the error log
     * @param observer per-request callbacks
     */
    public Http1Connection(Transport transport, ConnectionInfo info, HttpConfig config, App app, Log log,
            RequestObserver observer) {
        this(transport, info, config, Handler.of(app), log, observer);
    }

    /**
     * A connection whose requests {@code handler} answers.
     *
     * @param handler the application
     * @param transport the connection's bytes
     * @param info who is on the other end
     * @param config the policy
     * @param log the error log
     * @param observer per-request callbacks
     * @return the connection
     */
    public static Http1Connection serving(Handler handler, Transport transport, ConnectionInfo info, HttpConfig config,
            Log log, RequestObserver observer) {
        return new Http1Connection(transport, info, config, handler, log, observer);
    }

    private Http1Connection(Transport transport, ConnectionInfo info, HttpConfig config, Handler handler, Log log,
            RequestObserver observer) {
        this.info = info;
        this.handler = java.util.Objects.requireNonNull(handler, "handler");
        this.log = log;
        this.observer = observer == null ? RequestObserver.NONE : observer;
        this.input = new ConnectionInput(transport);
        this.parser = new RequestParser(config);
        this.limitRequestBody = config.limitRequestBody();
        this.config = config;
        this.headerTimeoutNanos = config.headerTimeoutNanos();
        this.clock = config.clock();
        this.decoder = new BodyDecoder(config);
        this.peer = info.unix() ? "unix" : info.remoteAddress() + ":" + info.remotePort();
        this.writer = new ResponseWriter(transport, log, peer);
        this.exchange = new ResponseExchange(writer, log);
        parser.connect(info);
    }

    /**
     * Reads one request (blocking), runs the app, writes the response and drains an unread body
     * (at most 64 KiB; beyond that the connection is closed instead).
     *
     * @param keepAlive false to answer with {@code Connection: close} (e.g. the worker is stopping)
     * @return true when the connection may carry another request; false when the caller must close
     *     it: the client asked, HTTP/1.0 without keep-alive, an error was sent, clean EOF before a
     *     request began, or an I/O error
     * @throws IOException never in practice: I/O errors are logged at debug and answered with false
     */
    public boolean serveOne(boolean keepAlive) throws IOException {
        return serveOne(keepAlive ? ALWAYS : NEVER);
    }

    private static final BooleanSupplier ALWAYS = () -> true;
    private static final BooleanSupplier NEVER = () -> false;

    /**
     * As {@link #serveOne(boolean)}, asking {@code keepAlive} after the app has answered, just
     * before the response head is written: a worker that began stopping (TERM, max_requests)
     * while the app ran then says {@code Connection: close} instead of promising a reuse it
     * will not honour.
     *
     * @param keepAlive whether the worker still takes further requests on this connection
     * @return as {@link #serveOne(boolean)}
     * @throws IOException never in practice
     */
    public boolean serveOne(BooleanSupplier keepAlive) throws IOException {
        if (!headOpen) {
            beginHead();
        }
        headOpen = false;
        int outcome = headOutcome;
        try {
            if (outcome == HEAD_MORE) {
                outcome = readHead(true);
            }
            if (outcome == HEAD_FAILED) {
                throw headFailure;
            }
        } catch (HttpException e) {
            reject(e, headBegun ? headStarted : 0);
            return false;
        } catch (IOException e) {
            ioFailure(e);
            return false;
        }
        if (outcome == HEAD_ENDED) {
            return false;
        }
        long started = headBegun ? headStarted : clock.getAsLong();
        long limit = limitRequestBody;
        if (limit > 0 && !parser.head().chunked() && parser.head().contentLength() > limit) {
            // refused before the app runs and before any 100 Continue: the client learns it may not send it
            reject(new HttpException(HttpError.LIMIT_REQUEST_BODY, "content-length-over-limit"), started);
            return false;
        }
        if ("CONNECT".equals(parser.head().method())) {
            // RFC 9110 §9.3.6: a 2xx to CONNECT makes the connection a tunnel for every proxy on the way,
            // while jgu would go on reading HTTP from it. jgu tunnels nothing: it answers itself and closes.
            reject(new HttpException(HttpError.CONNECT_NOT_SUPPORTED, "connect-not-tunnelled"), started);
            return false;
        }
        return serveRequest(parser.head(), keepAlive, started);
    }

    /**
     * Reads what the client has sent of its next request head, without waiting for more: for a
     * worker class that waits for bytes itself ({@code gthread}'s poller) and gives the connection
     * a thread only once {@link #serveOne(BooleanSupplier)} will not wait for its head. The head
     * read so far is kept for that call.
     *
     * @return true when the head is complete, refused, cut short by the client or past
     *     {@code header_timeout}, so that serving it waits for no head bytes; false while more is to come
     */
    public boolean headArrived() {
        if (!headOpen) {
            beginHead();
            headOpen = true;
        }
        if (headOutcome == HEAD_MORE) {
            try {
                headOutcome = readHead(false);
            } catch (IOException e) {
                headFailure = e;
                headOutcome = HEAD_FAILED;
            }
        }
        return headOutcome != HEAD_MORE;
    }

    /**
     * @return whether {@link #headArrived()} found a byte of the next request head, so
     *     {@link #headDeadline()} applies; false again once the request is served
     */
    public boolean headBegun() {
        return headOpen && headBegun;
    }

    /**
     * @return when the request head begun must be complete ({@code header_timeout} after its
     *     first byte), or {@link Long#MAX_VALUE} when nothing bounds it
     */
    public long headDeadline() {
        return headBegun() && headerTimeoutNanos > 0 ? headStarted + headerTimeoutNanos : Long.MAX_VALUE;
    }

    /** Forgets the last request: the next bytes begin a new head. */
    private void beginHead() {
        headOutcome = HEAD_MORE;
        headFailure = null;
        headBegun = input.buffer.hasRemaining();
        headStarted = clock.getAsLong();
        rejected = false;
        clientKeepsAlive = false;
        parser.reset();
        writer.reset();
    }

    /**
     * Reads and parses the head. Until its first byte the worker class bounds the wait (its
     * first-bytes or keep-alive deadline); from then on the head has {@code header_timeout} in all.
     *
     * @param wait whether to wait for bytes, or take only what has arrived
     * @return {@link #HEAD_DONE}, {@link #HEAD_ENDED} (the client closed before a request), or
     *     {@link #HEAD_MORE} (not waiting, and the head is incomplete)
     * @throws HttpException when the head is refused, also for being past its deadline (408)
     */
    private int readHead(boolean wait) throws IOException {
        while (!parser.parse(input.buffer)) {
            int n;
            if (!headBegun || headerTimeoutNanos == 0) {
                n = wait ? (input.fill() ? 1 : -1) : input.fill(clock.getAsLong());
            } else {
                long deadline = headStarted + headerTimeoutNanos;
                n = input.fill(wait ? deadline : clock.getAsLong());
                if (n == 0 && clock.getAsLong() - deadline >= 0) {
                    throw new HttpException(HttpError.REQUEST_TIMEOUT, "header-timeout",
                            "head incomplete after header_timeout=" + headerTimeoutNanos / 1_000_000 + "ms");
                }
            }
            if (n < 0) {
                parser.endOfInput();
                return HEAD_ENDED;
            }
            if (n == 0) {
                if (wait) {
                    continue;
                }
                return HEAD_MORE;
            }
            if (!headBegun) {
                headBegun = true;
                headStarted = clock.getAsLong();
            }
        }
        return HEAD_DONE;
    }

    private boolean serveRequest(RequestHead head, BooleanSupplier keepAlive, long started) {
        clientKeepsAlive = head.keepAlive();
        decoder.start(head);
        RequestBody body = new RequestBody(input, decoder, writer, head.expectContinue(), config);
        HttpRequest request = new HttpRequest(head, info, body, decoder::trailers);
        int minor = head.minorVersion();
        observer.requestStarted(request);
        // Asked when the head goes out, which for an exchange may be while the app still runs.
        exchange.start(request, "HEAD".equals(head.method()), minor, () -> head.keepAlive() && keepAlive.getAsBoolean()
                && body.error() == null && !body.continueWithheld()
                && (head.chunked() || head.contentLength() <= DRAIN_LIMIT || decoder.done()));
        try {
            try {
                handler.handle(exchange);
            } catch (Throwable t) {
                rethrowFatal(t);
                return handlerFailed(t, body, minor, request);
            }
            boolean persistent = exchange.finish();
            if (persistent && !decoder.done()) {
                persistent = drain(body, request);
            }
            return persistent;
        } catch (IOException e) {
            ioFailure(e);
            return false;
        } catch (RuntimeException e) {
            // A bug here must cost one connection, never the worker thread.
            log.error("response error: " + writer.context(request), e);
            return false;
        } finally {
            observer.requestFinished(request, exchange.response(), writer.status, writer.bodyBytes,
                    clock.getAsLong() - started);
        }
    }

    /** The app threw: a 500 while nothing was sent, else the connection ends with what was sent. */
    private boolean handlerFailed(Throwable t, RequestBody body, int minor, HttpRequest request) throws IOException {
        if (t == exchange.writerFault()) {
            // A bug in writing the response must cost one connection, never the worker thread; it is not the app's.
            log.error("response error: " + writer.context(request), t);
            exchange.abandon();
            return false;
        }
        IOException transportError = exchange.transportError();
        if (transportError != null) {
            ioFailure(transportError);
            exchange.abandon();
            return false;
        }
        if (exchange.committed()) {
            log.error("app error: after the response began " + writer.context(request) + ", closing", t);
            exchange.abandon();
            return false;
        }
        if (body.error() != null) {
            reject(body.error(), minor, writer.context(request));
            return false;
        }
        log.error("app error: " + writer.context(request), t);
        writer.writeError(minor, 500);
        return false;
    }

    private boolean drain(RequestBody body, HttpRequest request) throws IOException {
        if (scratch == null) {
            scratch = new byte[8192];
        }
        boolean drained = body.drain(DRAIN_LIMIT, scratch);
        if (!drained && body.error() != null) {
            log.info("request body invalid after response: status=" + body.error().status() + " error="
                    + body.error().error().label() + " rule=" + body.error().rule() + " " + writer.context(request));
        }
        return drained;
    }

    private static void rethrowFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }

    private void reject(HttpException e, long started) {
        try {
            reject(e, 1, "peer=" + peer);
        } finally {
            observer.requestFinished(null, null, writer.status, writer.bodyBytes,
                    started == 0 ? 0 : clock.getAsLong() - started);
        }
    }

    /** Answers a refused request; the connection is closed afterwards, never reused. */
    private void reject(HttpException e, int minor, String context) {
        rejected = true;
        log.info("request rejected: status=" + e.status() + " error=" + e.error().label() + " rule=" + e.rule() + " "
                + context);
        writer.status = e.status();
        writer.bodyBytes = 0;
        try {
            writer.writeError(minor, e.status());
        } catch (IOException io) {
            ioFailure(io);
        }
    }

    private void ioFailure(IOException e) {
        if (log.debugEnabled()) {
            log.debug("connection error: peer=" + peer + " error=" + e);
        }
    }

    /** @return whether bytes of a further (pipelined) request are already buffered */
    public boolean hasBufferedInput() {
        return input.buffer.hasRemaining();
    }

    /**
     * Whether the client may have sent bytes this connection did not read, asked when the
     * connection is to be closed: an error was answered (the rest of that request is unread), a
     * request body was not read to its end, or a further request is buffered. Closing a socket
     * with unread bytes resets it, and the client may lose the response (RFC 9112 §9.6): the
     * worker then closes lingeringly.
     *
     * @return true when the client's bytes may be left unread
     */
    public boolean unreadInput() {
        return rejected || !decoder.done() || input.buffer.hasRemaining();
    }

    /**
     * Whether the client may have sent a next request that nobody looked for yet, asked when
     * the connection is to be closed: its last request kept the connection alive (a client
     * that says {@code close}, or speaks HTTP/1.0 without keep-alive, sends nothing after
     * it, RFC 9112 §9.6), and it has not closed its side. The worker then looks at the socket.
     *
     * @return false when nothing can follow what was read
     */
    public boolean mayPipeline() {
        return clientKeepsAlive;
    }

    /** Releases buffers; the worker closes the socket itself. */
    @Override
    public void close() {
        input.buffer.clear().flip();
    }
}
