package dev.jgu.http;

import java.nio.ByteBuffer;

/**
 * Incremental HTTP/1.x request-head parser: push bytes in any split, get a
 * {@link RequestHead} when the empty line after the fields arrives. Consumes exactly the
 * head (and a PROXY header before the first request), never body bytes, so the same
 * buffer then feeds a {@link BodyDecoder} and the next pipelined request.
 *
 * <p>Not thread-safe. Allocates nothing per request once its buffers have grown to the
 * largest head seen (strings are made by {@link RequestHead} only on demand).
 */
public final class RequestParser {

    /** RFC 9112 §2.2: empty lines before a request line are skipped, up to this many. */
    private static final int MAX_EMPTY_LINES = 16;

    private enum State { PROXY_V2, REQUEST_LINE, FIELDS, DONE }

    private final HttpConfig config;
    private final LineBuffer buf = new LineBuffer(2048);
    private final FieldSection fields;
    private final RequestHead head;
    private final ProxyHeader proxyHeader = new ProxyHeader();
    private State state;
    private boolean trusted;
    private boolean proxyAllowed;
    private boolean firstRequest;
    private boolean inProgress;
    private int emptyLines;
    private ProxyInfo proxy;

    /** @param config the policy */
    public RequestParser(HttpConfig config) {
        this.config = config;
        this.fields = new FieldSection(config);
        this.head = new RequestHead(buf, fields);
        connect(true, true);
    }

    /**
     * Starts a new connection: the next request is its first, which may carry a PROXY header.
     *
     * @param peer who connected
     */
    public void connect(ConnectionInfo peer) {
        connect(config.trustsForwarded(peer), config.allowsProxyFrom(peer));
    }

    /**
     * Starts a new connection.
     *
     * @param trustedForwarder whether secure-scheme and forwarder headers are believed
     * @param proxyAllowed whether a PROXY header is accepted (else it is refused with 403)
     */
    public void connect(boolean trustedForwarder, boolean proxyAllowed) {
        this.trusted = trustedForwarder;
        this.proxyAllowed = proxyAllowed;
        this.firstRequest = true;
        this.proxy = null;
        reset();
    }

    /** Forgets the last request; the next bytes start a new one on the same connection. */
    public void reset() {
        buf.clear();
        fields.reset();
        head.clear();
        head.proxy = proxy;
        emptyLines = 0;
        inProgress = false;
        state = firstRequest && config.proxyProtocol().acceptsV2() ? State.PROXY_V2 : State.REQUEST_LINE;
        proxyHeader.reset();
    }

    /**
     * Consumes bytes of the head from {@code in}.
     *
     * @param in input; its position advances past what was consumed
     * @return true when the head is complete ({@link #head()}); false when more input is needed
     * @throws HttpException when the request is refused; the connection must not be reused
     */
    public boolean parse(ByteBuffer in) throws HttpException {
        while (state != State.DONE) {
            if (!in.hasRemaining()) {
                return false;
            }
            if (state == State.PROXY_V2) {
                if (!proxyV2(in)) {
                    return false;
                }
                continue;
            }
            int max = state == State.REQUEST_LINE ? config.limitRequestLine() + 2 : config.limitRequestFieldSize();
            int r = buf.read(in, max);
            inProgress = true;
            if (r == LineBuffer.MORE) {
                return false;
            }
            if (r == LineBuffer.TOO_LONG) {
                throw state == State.REQUEST_LINE
                        ? new HttpException(HttpError.LIMIT_REQUEST_LINE, "request-line-too-long")
                        : new HttpException(HttpError.LIMIT_REQUEST_HEADERS, "field-too-long");
            }
            if (state == State.REQUEST_LINE) {
                requestLine();
            } else if (fields.line(buf, trusted)) {
                Framing.apply(head, config, trusted);
                state = State.DONE;
            }
            buf.next();
        }
        return true;
    }

    private boolean proxyV2(ByteBuffer in) throws HttpException {
        int r = proxyHeader.readV2(in);
        inProgress = true;
        if (r == ProxyHeader.MORE) {
            return false;
        }
        state = State.REQUEST_LINE;
        if (r == ProxyHeader.DONE) {
            if (!proxyAllowed) {
                throw new HttpException(HttpError.FORBIDDEN_PROXY_REQUEST, "proxy-from-untrusted-peer");
            }
            firstRequest = false;
            proxy = proxyHeader.result();
            head.proxy = proxy;
        } else if (proxyHeader.matched() > 0) {
            // Bytes that began like the signature were consumed: they are the request's own.
            ByteBuffer replay = ByteBuffer.wrap(ProxyHeader.V2_SIGNATURE, 0, proxyHeader.matched());
            parse(replay);
        }
        return true;
    }

    private void requestLine() throws HttpException {
        byte[] d = buf.data;
        int s = buf.lineStart;
        int e = buf.lineEnd();
        if (s == e) {
            if (++emptyLines > MAX_EMPTY_LINES) {
                throw new HttpException(HttpError.INVALID_REQUEST_LINE, "too-many-empty-lines");
            }
            buf.clear();
            return;
        }
        if (firstRequest && config.proxyProtocol().acceptsV1() && ProxyHeader.isV1(d, s, e)) {
            if (!proxyAllowed) {
                throw new HttpException(HttpError.FORBIDDEN_PROXY_REQUEST, "proxy-from-untrusted-peer");
            }
            proxy = ProxyHeader.parseV1(d, s, e);
            head.proxy = proxy;
            firstRequest = false;
            buf.clear();
            return;
        }
        firstRequest = false;
        RequestLine.parse(d, s, e, config, head);
        state = State.FIELDS;
    }

    /**
     * Tells the parser the peer closed its side.
     *
     * @throws HttpException ({@code NoMoreData}) when a request had begun
     */
    public void endOfInput() throws HttpException {
        if (state != State.DONE && inProgress && (buf.len > 0 || state == State.PROXY_V2 || state == State.FIELDS)) {
            throw new HttpException(HttpError.NO_MORE_DATA, "eof-in-request-head");
        }
    }

    /** @return whether bytes of a request (not just empty lines) were consumed and the head is not yet complete */
    public boolean inProgress() {
        return state != State.DONE && inProgress && buf.len > 0;
    }

    /** @return the parsed head; valid after {@link #parse} returned true and until {@link #reset()} */
    public RequestHead head() {
        return head;
    }
}
