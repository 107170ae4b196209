package dev.jgu.dist;

import java.util.ArrayList;
import java.util.List;

/**
 * The requests the hostile-client checks send over real sockets, with the one status each
 * must get. The smuggling cases are the framings a front end and jgu could read as different
 * messages: PortSwigger's CL.TE, TE.CL and TE.TE obfuscations ("HTTP request smuggling",
 * Kettle 2019), RFC 9112 §6.1 and §6.3's rules on Transfer-Encoding and Content-Length,
 * RFC 9110 §8.6 on Content-Length's grammar, and RFC 9112 §7.1's chunked body. Each hides a
 * second request ({@link #SMUGGLED}) where the other reading would find it, so a server that
 * framed the message wrongly answers twice. The codec's unit cases
 * ({@code http/.../SmugglingCasesTest}) prove the rules under every input splitting; these
 * prove the running server answers them with one response and a close.
 */
final class HostileRequests {

    /** What an attacker hides for a front end that framed the message the other way. */
    static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";

    /** One request and the status it must get; a body-level case goes to {@code /echo}, whose app reads the body. */
    record Case(String name, String request, int status) {
    }

    private static final String POST = "POST / HTTP/1.1\r\nHost: t\r\n";
    private static final String ECHO = "POST /echo HTTP/1.1\r\nHost: t\r\n";
    /** A Content-Length for a CL.TE desync: the front end forwards 5 bytes, jgu would read chunks. */
    private static final String CL5 = "Content-Length: 5\r\n";
    private static final String BODY5 = "hello";
    private static final String CHUNKED = "5\r\nhello\r\n0\r\n\r\n";
    private static final String TE = "Transfer-Encoding: chunked\r\n";

    private HostileRequests() {
    }

    /** A case whose head refuses before the body: the body is what the two readings disagree on. */
    private static Case head(String name, String fields, String body, int status) {
        return new Case(name, POST + fields + "\r\n" + body + SMUGGLED, status);
    }

    private static Case chunks(String name, String chunked, int status) {
        return new Case(name, ECHO + TE + "\r\n" + chunked + SMUGGLED, status);
    }

    static List<Case> smuggling() {
        List<Case> c = new ArrayList<>();
        // CL.TE and TE.CL (PortSwigger): both framings present; RFC 9112 §6.1 lets a server refuse, and jgu does.
        c.add(head("cl-te", "Content-Length: 6\r\n" + TE, "0\r\n\r\nG", 400));
        c.add(head("te-cl", TE + "Content-Length: 3\r\n", "8\r\nSMUGGLED\r\n0\r\n\r\n", 400));
        // TE.TE: a Transfer-Encoding one server honours and the other does not, beside a Content-Length.
        c.add(head("te-xchunked", "Transfer-Encoding: xchunked\r\n" + CL5, BODY5, 501));
        c.add(head("te-chunkedx", "Transfer-Encoding: chunkedx\r\n" + CL5, BODY5, 501));
        c.add(head("te-x", "Transfer-Encoding: x\r\n" + CL5, BODY5, 501));
        c.add(head("te-quoted", "Transfer-Encoding: \"chunked\"\r\n" + CL5, BODY5, 501));
        c.add(head("te-parameter", "Transfer-Encoding: chunked;q=1\r\n" + CL5, BODY5, 501));
        c.add(head("te-space-before-colon", "Transfer-Encoding : chunked\r\n" + CL5, BODY5, 400));
        c.add(head("te-tab-before-colon", "Transfer-Encoding\t: chunked\r\n" + CL5, BODY5, 400));
        c.add(head("te-tab-value", "Transfer-Encoding:\tchunked\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-leading-space-value", "Transfer-Encoding:  chunked\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-trailing-tab", "Transfer-Encoding: chunked\t\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-upper-case", "Transfer-Encoding: CHUNKED\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-space-before-name", " Transfer-Encoding: chunked\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-folded-value", "Transfer-Encoding:\r\n chunked\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-value-after-bare-lf", "Transfer-Encoding:\n chunked\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-name-bare-lf", "Transfer-Encoding\n: chunked\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-hidden-after-bare-lf", "X: X\nTransfer-Encoding: chunked\r\n" + CL5, CHUNKED, 400));
        c.add(head("te-bare-cr", "Transfer-Encoding: chunked\rX: y\r\n" + CL5, BODY5, 400));
        c.add(head("te-vertical-tab", "Transfer-Encoding: \u000bchunked\r\n" + CL5, BODY5, 400));
        c.add(head("te-nul", "Transfer-Encoding: chunked\u0000\r\n" + CL5, BODY5, 400));
        c.add(head("te-non-ascii-name", "Transfer-Encoding\u00a0: chunked\r\n" + CL5, BODY5, 400));
        c.add(head("te-twice", TE + TE, CHUNKED, 400));
        c.add(head("te-chunked-chunked", "Transfer-Encoding: chunked, chunked\r\n", CHUNKED, 400));
        c.add(head("te-chunked-then-x", TE + "Transfer-Encoding: x\r\n", CHUNKED, 400));
        c.add(head("te-x-then-chunked", "Transfer-Encoding: x\r\n" + TE, CHUNKED, 501));
        c.add(head("te-chunked-identity", "Transfer-Encoding: chunked, identity\r\n", CHUNKED, 400));
        c.add(head("te-identity-with-cl", "Transfer-Encoding: identity\r\n" + CL5, BODY5, 400));
        c.add(head("te-identity-alone", "Transfer-Encoding: identity\r\n", BODY5, 400));
        c.add(head("te-gzip-with-cl", "Transfer-Encoding: gzip\r\n" + CL5, BODY5, 400));
        c.add(head("te-empty-with-cl", "Transfer-Encoding:\r\n" + CL5, BODY5, 400));
        c.add(head("te-commas-with-cl", "Transfer-Encoding: , ,\r\n" + CL5, BODY5, 400));
        c.add(head("te-chunked-trailing-comma", "Transfer-Encoding: chunked,\r\n", CHUNKED, 400));
        c.add(new Case("te-on-http-1.0", "POST / HTTP/1.0\r\nConnection: keep-alive\r\n" + TE + "\r\n" + CHUNKED + SMUGGLED,
                400));
        // Content-Length: one field, digits only (RFC 9110 §8.6; RFC 9112 §6.3 (5)).
        c.add(head("cl-twice-differing", CL5 + "Content-Length: 6\r\n", BODY5 + "X", 400));
        c.add(head("cl-twice-equal", CL5 + CL5, BODY5, 400));
        c.add(head("cl-list", "Content-Length: 5, 5\r\n", BODY5, 400));
        c.add(head("cl-plus", "Content-Length: +5\r\n", BODY5, 400));
        c.add(head("cl-hex", "Content-Length: 0x5\r\n", BODY5, 400));
        c.add(head("cl-negative", "Content-Length: -5\r\n", BODY5, 400));
        c.add(head("cl-inner-space", "Content-Length: 5 0\r\n", BODY5, 400));
        c.add(head("cl-empty", "Content-Length:\r\n", BODY5, 400));
        c.add(head("cl-overflow", "Content-Length: 18446744073709551621\r\n", BODY5, 400));
        c.add(head("cl-space-before-colon", "Content-Length : 5\r\n", BODY5, 400));
        c.add(head("cl-hidden-after-bare-lf", "X: a\nContent-Length: 5\r\n", BODY5, 400));
        c.add(head("cl-folded", "Content-Length: 5\r\n 0\r\n", BODY5, 400));
        // The chunked body (RFC 9112 §7.1), read by the app: sizes and CRLFs exactly as written, no framing in trailers.
        c.add(chunks("chunk-size-hex-prefix", "0x5\r\nhello\r\n0\r\n\r\n", 400));
        c.add(chunks("chunk-size-negative", "-5\r\nhello\r\n0\r\n\r\n", 400));
        c.add(chunks("chunk-size-overflow", "10000000000000005\r\nhello\r\n0\r\n\r\n", 400));
        c.add(chunks("chunk-size-bare-lf", "5\nhello\r\n0\r\n\r\n", 400));
        c.add(chunks("chunk-data-bare-lf", "5\r\nhello\n0\r\n\r\n", 400));
        c.add(chunks("chunk-data-longer-than-size", "3\r\nhello\r\n0\r\n\r\n", 400));
        c.add(chunks("chunk-extension-bare-lf", "5;a=\nb\r\nhello\r\n0\r\n\r\n", 400));
        c.add(chunks("trailer-content-length", "0\r\nContent-Length: 5\r\n\r\n", 400));
        c.add(chunks("trailer-transfer-encoding", "0\r\nTransfer-Encoding: chunked\r\n\r\n", 400));
        // A tunnel jgu does not make: nothing after it may be read as HTTP.
        c.add(new Case("connect", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n" + SMUGGLED, 501));
        return c;
    }

    /** A request line of exactly {@code length} bytes (CRLF not counted, as {@code limit_request_line} counts). */
    static String requestLine(int length) {
        String shell = "GET / HTTP/1.1";
        return "GET /" + "a".repeat(length - shell.length()) + " HTTP/1.1";
    }

    /**
     * A request with {@code fields} header fields in all (Host and Connection among them), the
     * filler ones each {@code fieldBytes} long with their CRLF, as {@code limit_request_field_size}
     * counts.
     */
    static String withFields(int fields, int fieldBytes) {
        StringBuilder r = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n");
        for (int i = 2; i < fields; i++) {
            String name = String.format("X-Fill-%05d: ", i);
            r.append(name).append("v".repeat(fieldBytes - name.length() - 2)).append("\r\n");
        }
        return r.append("\r\n").toString();
    }
}
