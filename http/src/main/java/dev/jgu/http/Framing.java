package dev.jgu.http;

/**
 * What the header section means once complete: singleton fields, message body length
 * (RFC 9112 §6), persistence (§9.3), expectations (RFC 9110 §10.1.1) and, from a trusted
 * proxy, the URL scheme.
 */
final class Framing {

    private static final byte[] CHUNKED = {'C', 'H', 'U', 'N', 'K', 'E', 'D'};
    private static final byte[] IDENTITY = {'I', 'D', 'E', 'N', 'T', 'I', 'T', 'Y'};
    private static final byte[] GZIP = {'G', 'Z', 'I', 'P'};
    private static final byte[] DEFLATE = {'D', 'E', 'F', 'L', 'A', 'T', 'E'};
    private static final byte[] COMPRESS = {'C', 'O', 'M', 'P', 'R', 'E', 'S', 'S'};
    private static final byte[] CLOSE = {'C', 'L', 'O', 'S', 'E'};
    private static final byte[] KEEP_ALIVE = {'K', 'E', 'E', 'P', '-', 'A', 'L', 'I', 'V', 'E'};
    private static final byte[] CONTINUE = {'1', '0', '0', '-', 'C', 'O', 'N', 'T', 'I', 'N', 'U', 'E'};

    private Framing() {
    }

    static void apply(RequestHead head, HttpConfig config, boolean trusted) throws HttpException {
        byte[] d = head.buf.data;
        FieldSection f = head.fields;
        boolean contentType = false;
        boolean transferEncoding = false;
        boolean codings = false;
        boolean close = false;
        boolean keepAliveToken = false;
        int schemeSeen = 0;
        for (int i = 0; i < f.count; i++) {
            int vs = f.valueStart[i];
            int ve = f.valueEnd[i];
            switch (f.known[i]) {
                case KnownHeaders.HOST -> {
                    if (head.hostField >= 0) {
                        throw new HttpException(HttpError.INVALID_HEADER, "host-duplicate");
                    }
                    head.hostField = i;
                }
                case KnownHeaders.CONTENT_TYPE -> {
                    if (contentType) {
                        throw new HttpException(HttpError.INVALID_HEADER, "content-type-duplicate");
                    }
                    contentType = true;
                }
                case KnownHeaders.CONTENT_LENGTH -> {
                    if (head.contentLength >= 0) {
                        throw new HttpException(HttpError.INVALID_HEADER, "content-length-duplicate");
                    }
                    head.contentLength = contentLength(d, vs, ve);
                }
                case KnownHeaders.TRANSFER_ENCODING -> {
                    transferEncoding = true;
                    codings |= transferCodings(d, vs, ve, head);
                }
                case KnownHeaders.CONNECTION -> {
                    close |= hasToken(d, vs, ve, CLOSE);
                    keepAliveToken |= hasToken(d, vs, ve, KEEP_ALIVE);
                }
                case KnownHeaders.EXPECT -> expect(d, vs, ve, head);
                default -> {
                    if (trusted && config.secureSchemeNames().length > 0) {
                        schemeSeen = secureScheme(d, f, i, config, head, schemeSeen);
                    }
                }
            }
        }
        bodyLength(head, transferEncoding);
        // RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive". A compressed
        // request body cannot be skipped reliably, so Gunicorn closes after it.
        head.keepAlive = !close && !codings && (head.minor == 1 || keepAliveToken);
        head.expectContinue &= head.hasBody();
    }

    /** RFC 9110 §8.6: 1*DIGIT, nothing else (no sign, no list, no spaces inside). */
    private static long contentLength(byte[] d, int s, int e) throws HttpException {
        if (s == e || e - s > 18) {
            throw new HttpException(HttpError.INVALID_HEADER, s == e ? "content-length-empty" : "content-length-too-large");
        }
        long n = 0;
        for (int i = s; i < e; i++) {
            byte c = d[i];
            if (c < '0' || c > '9') {
                throw new HttpException(HttpError.INVALID_HEADER, "content-length-not-digits");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * RFC 9112 §6.1 / §7: chunked at most once and last; identity ignored before it; gzip, deflate
     * and compress only before it; anything else is not implemented (501).
     *
     * <p>An empty member is refused, though RFC 9110 §5.6.1 lets a recipient skip empty list
     * elements: {@code chunked,} or an empty field ends, for a front end that counts the empty
     * element, in a coding that is not chunked, and {@code Transfer-Encoding:} or {@code ,} alone
     * would otherwise leave the framing to a Content-Length the front end ignored.
     *
     * @return whether a content coding (gzip...) was listed
     */
    private static boolean transferCodings(byte[] d, int s, int e, RequestHead head) throws HttpException {
        boolean codings = false;
        int i = s;
        while (i <= e) {
            int end = ByteClass.indexOf(d, i, e, (byte) ',');
            int is = ByteClass.skipWhitespace(d, i, end);
            int ie = ByteClass.trimWhitespace(d, is, end);
            if (is == ie) {
                throw new HttpException(HttpError.INVALID_HEADER, "empty-transfer-coding");
            }
            if (head.chunked) {
                throw new HttpException(HttpError.INVALID_HEADER, "chunked-not-last");
            }
            if (ByteClass.equalsIgnoreCase(d, is, ie, CHUNKED)) {
                head.chunked = true;
            } else if (ByteClass.equalsIgnoreCase(d, is, ie, GZIP) || ByteClass.equalsIgnoreCase(d, is, ie, DEFLATE)
                    || ByteClass.equalsIgnoreCase(d, is, ie, COMPRESS)) {
                codings = true;
            } else if (!ByteClass.equalsIgnoreCase(d, is, ie, IDENTITY)) {
                throw new HttpException(HttpError.UNSUPPORTED_TRANSFER_CODING, "unknown-transfer-coding");
            }
            i = end + 1;
        }
        return codings;
    }

    private static void bodyLength(RequestHead head, boolean transferEncoding) throws HttpException {
        if (head.chunked) {
            // RFC 9112 §6.1: TE with Content-Length is a smuggling vector; chunked needs HTTP/1.1.
            if (head.contentLength >= 0) {
                throw new HttpException(HttpError.INVALID_HEADER, "chunked-with-content-length");
            }
            if (head.minor == 0) {
                throw new HttpException(HttpError.INVALID_HEADER, "chunked-on-http-1.0");
            }
        } else if (transferEncoding) {
            // RFC 9112 §6.1 and §6.3 (4): a request whose final coding is not chunked gets 400 and a close.
            // Framing "identity" (dropped from HTTP by RFC 7230) by its Content-Length, or by nothing, would
            // let a front end that honours the Transfer-Encoding read a different message from the same bytes.
            throw new HttpException(HttpError.INVALID_HEADER, "chunked-not-final");
        }
    }

    private static void expect(byte[] d, int s, int e, RequestHead head) throws HttpException {
        // RFC 9110 §10.1.1: a 1.0 client cannot have meant it; Gunicorn ignores Expect there.
        if (head.minor == 0) {
            return;
        }
        if (!ByteClass.equalsIgnoreCase(d, s, e, CONTINUE)) {
            throw new HttpException(HttpError.EXPECTATION_FAILED, "unsupported-expectation");
        }
        head.expectContinue = true;
    }

    private static int secureScheme(byte[] d, FieldSection f, int i, HttpConfig config, RequestHead head, int seen)
            throws HttpException {
        byte[][] names = config.secureSchemeNames();
        for (int k = 0; k < names.length; k++) {
            if (ByteClass.equalsIgnoreCase(d, f.nameStart[i], f.nameEnd[i], names[k])) {
                boolean secure = ByteClass.equals(d, f.valueStart[i], f.valueEnd[i], config.secureSchemeValues()[k])
                        && f.valueEnd[i] - f.valueStart[i] == config.secureSchemeValues()[k].length;
                if (seen > 0 && secure != head.secure) {
                    throw new HttpException(HttpError.INVALID_SCHEME_HEADERS, "secure-scheme-headers-disagree");
                }
                head.secure = secure;
                return seen + 1;
            }
        }
        return seen;
    }

    private static boolean hasToken(byte[] d, int s, int e, byte[] token) {
        int i = s;
        while (i < e) {
            int end = ByteClass.indexOf(d, i, e, (byte) ',');
            int is = ByteClass.skipWhitespace(d, i, end);
            int ie = ByteClass.trimWhitespace(d, is, end);
            if (ByteClass.equalsIgnoreCase(d, is, ie, token)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
