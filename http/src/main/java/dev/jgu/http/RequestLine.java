package dev.jgu.http;

import java.nio.charset.StandardCharsets;

/** RFC 9112 §3: the request line, with Gunicorn 26's method, target and version policy. */
final class RequestLine {

    private static final String[] METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT",
        "TRACE"};
    private static final byte[][] METHOD_BYTES = new byte[METHODS.length][];

    static {
        for (int i = 0; i < METHODS.length; i++) {
            METHOD_BYTES[i] = METHODS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private RequestLine() {
    }

    /** Parses the line [s, e) of {@code d} into {@code head}. */
    static void parse(byte[] d, int s, int e, HttpConfig config, RequestHead head) throws HttpException {
        int sp1 = indexOf(d, s, e, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(d, sp1 + 1, e, (byte) ' ');
        if (sp2 < 0 || indexOf(d, sp2 + 1, e, (byte) ' ') >= 0) {
            throw new HttpException(HttpError.INVALID_REQUEST_LINE, "not-three-parts");
        }
        head.method = method(d, s, sp1, config);
        target(d, sp1 + 1, sp2, config, head);
        head.minor = version(d, sp2 + 1, e);
    }

    private static String method(byte[] d, int s, int e, HttpConfig config) throws HttpException {
        int n = e - s;
        boolean strict = !config.permitUnconventionalMethod();
        if (n == 0 || (strict && (n < 3 || n > 20))) {
            throw new HttpException(HttpError.INVALID_REQUEST_METHOD, "method-length");
        }
        for (int i = s; i < e; i++) {
            byte c = d[i];
            if (!ByteClass.TOKEN[c & 255]) {
                throw new HttpException(HttpError.INVALID_REQUEST_METHOD, "method-not-token");
            }
            // Gunicorn refuses lower case and '#' by default: they only show up in attacks and typos.
            if (strict && ((c >= 'a' && c <= 'z') || c == '#')) {
                throw new HttpException(HttpError.INVALID_REQUEST_METHOD, "method-unconventional");
            }
        }
        for (int i = 0; i < METHODS.length; i++) {
            if (ByteClass.equals(d, s, e, METHOD_BYTES[i])) {
                return METHODS[i];
            }
        }
        String m = new String(d, s, n, StandardCharsets.ISO_8859_1);
        return config.casefoldMethod() ? m.toUpperCase(java.util.Locale.ROOT) : m;
    }

    /** RFC 9112 §3.2: origin-form, absolute-form, authority-form (CONNECT) or asterisk-form (OPTIONS). */
    private static void target(byte[] d, int s, int e, HttpConfig config, RequestHead head) throws HttpException {
        if (s == e) {
            throw new HttpException(HttpError.INVALID_REQUEST_LINE, "empty-target");
        }
        if (!ByteClass.validTarget(d, s, e)) {
            throw new HttpException(HttpError.INVALID_REQUEST_LINE, "target-character");
        }
        // RFC 9112 §3.2: the target is ASCII, anything else percent-encoded. A front end and the app may
        // decode raw bytes into different paths (ISO-8859-1, UTF-8, replacement characters), so one routes or
        // authorises what the other reads as another path. Gunicorn keeps them; jgu asks for the setting.
        if (!config.permitNonAsciiTarget() && !ByteClass.ascii(d, s, e)) {
            throw new HttpException(HttpError.INVALID_REQUEST_LINE, "non-ascii-target");
        }
        head.targetStart = s;
        head.targetEnd = e;
        if (d[s] == '/') {
            splitPath(d, s, e, head);
        } else if (e - s == 1 && d[s] == '*') {
            if (!"OPTIONS".equals(head.method)) {
                throw new HttpException(HttpError.INVALID_REQUEST_LINE, "asterisk-form-not-options");
            }
            splitPath(d, s, e, head);
        } else if ("CONNECT".equals(head.method)) {
            authorityForm(d, s, e, head);
        } else {
            absoluteForm(d, s, e, head);
        }
    }

    private static void absoluteForm(byte[] d, int s, int e, RequestHead head) throws HttpException {
        int colon = schemeEnd(d, s, e);
        if (colon < 0 || colon + 2 >= e || d[colon + 1] != '/' || d[colon + 2] != '/') {
            throw new HttpException(HttpError.INVALID_REQUEST_LINE,
                    looksLikeAuthority(d, s, e) ? "authority-form-not-connect" : "relative-target");
        }
        int as = colon + 3;
        int ae = as;
        while (ae < e && d[ae] != '/' && d[ae] != '?' && d[ae] != '#') {
            ae++;
        }
        checkAuthority(d, as, ae);
        splitPath(d, ae, e, head);
    }

    /** A CONNECT target: {@code host:port}. */
    private static void authorityForm(byte[] d, int s, int e, RequestHead head) throws HttpException {
        int colon = lastIndexOf(d, s, e, (byte) ':');
        if (colon <= s || colon == e - 1 || !digits(d, colon + 1, e) || indexOf(d, s, e, (byte) '/') >= 0
                || indexOf(d, s, e, (byte) '?') >= 0 || indexOf(d, s, e, (byte) '#') >= 0
                || indexOf(d, s, e, (byte) '@') >= 0) {
            throw new HttpException(HttpError.INVALID_REQUEST_LINE, "connect-needs-authority-form");
        }
        checkAuthority(d, s, e);
        // Gunicorn hands CONNECT targets to urlsplit, which reads "host:443" as scheme "host", path "443";
        // kept so PATH_INFO matches what Gunicorn apps see.
        int scheme = schemeEnd(d, s, e);
        int ps = scheme < 0 ? s : scheme + 1;
        head.pathStart = ps;
        head.pathEnd = e;
        head.queryStart = head.queryEnd = e;
        head.fragmentStart = head.fragmentEnd = e;
    }

    /** Brackets only around an IPv6 literal host, as urlsplit insists; an optional port after it. */
    private static void checkAuthority(byte[] d, int s, int e) throws HttpException {
        int at = lastIndexOf(d, s, e, (byte) '@');
        int hs = at < 0 ? s : at + 1;
        int open = indexOf(d, hs, e, (byte) '[');
        int close = indexOf(d, hs, e, (byte) ']');
        if (open < 0 && close < 0) {
            return;
        }
        boolean ok = open == hs && close > open && indexOf(d, close + 1, e, (byte) ']') < 0
                && (close + 1 == e || (d[close + 1] == ':' && digits(d, close + 2, e)))
                && isIpv6(new String(d, open + 1, close - open - 1, StandardCharsets.ISO_8859_1));
        if (!ok) {
            throw new HttpException(HttpError.INVALID_REQUEST_LINE, "invalid-authority");
        }
    }

    /** urlsplit refuses an IPv4 literal in brackets as well as anything that is no address. */
    private static boolean isIpv6(String host) {
        byte[] ip = IpAddress.parse(host);
        return ip != null && ip.length == 16;
    }

    private static void splitPath(byte[] d, int s, int e, RequestHead head) {
        int q = s;
        while (q < e && d[q] != '?' && d[q] != '#') {
            q++;
        }
        head.pathStart = s;
        head.pathEnd = q;
        int f = q;
        if (q < e && d[q] == '?') {
            f = q + 1;
            while (f < e && d[f] != '#') {
                f++;
            }
            head.queryStart = q + 1;
            head.queryEnd = f;
        } else {
            head.queryStart = head.queryEnd = q;
        }
        if (f < e) {
            head.fragmentStart = f + 1;
            head.fragmentEnd = e;
        } else {
            head.fragmentStart = head.fragmentEnd = e;
        }
    }

    /** @return the index of the ':' ending a URI scheme (RFC 3986 §3.1) at {@code s}, or -1 */
    private static int schemeEnd(byte[] d, int s, int e) {
        if (s >= e || !isAlpha(d[s])) {
            return -1;
        }
        for (int i = s + 1; i < e; i++) {
            byte c = d[i];
            if (c == ':') {
                return i;
            }
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean looksLikeAuthority(byte[] d, int s, int e) {
        int colon = lastIndexOf(d, s, e, (byte) ':');
        return colon > s && colon < e - 1 && digits(d, colon + 1, e) && indexOf(d, s, e, (byte) '/') < 0;
    }

    /** RFC 9112 §2.3: exactly {@code HTTP/} DIGIT {@code .} DIGIT, and only 1.0 or 1.1 here. */
    private static int version(byte[] d, int s, int e) throws HttpException {
        if (e - s != 8 || d[s] != 'H' || d[s + 1] != 'T' || d[s + 2] != 'T' || d[s + 3] != 'P' || d[s + 4] != '/'
                || d[s + 6] != '.' || !digits(d, s + 5, s + 6) || !digits(d, s + 7, s + 8)) {
            throw new HttpException(HttpError.INVALID_HTTP_VERSION, "malformed-version");
        }
        if (d[s + 5] != '1' || (d[s + 7] != '0' && d[s + 7] != '1')) {
            throw new HttpException(HttpError.INVALID_HTTP_VERSION, "unsupported-version");
        }
        return d[s + 7] - '0';
    }

    private static boolean isAlpha(byte c) {
        int l = c | 0x20;
        return l >= 'a' && l <= 'z';
    }

    static boolean digits(byte[] d, int s, int e) {
        if (s >= e) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (d[i] < '0' || d[i] > '9') {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] d, int s, int e, byte b) {
        for (int i = s; i < e; i++) {
            if (d[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] d, int s, int e, byte b) {
        for (int i = e - 1; i >= s; i--) {
            if (d[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
