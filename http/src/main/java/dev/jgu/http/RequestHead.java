package dev.jgu.http;

import dev.jgu.spi.Headers;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request head: request line, header fields and the framing decided from them.
 * It is a view over the parser's buffers, reused for the next request, so read what you
 * need before the parser is {@linkplain RequestParser#reset() reset}. Strings are made
 * only when asked for (common methods and header names are constants).
 */
public final class RequestHead {

    static final String HTTP_1_0 = "HTTP/1.0";
    static final String HTTP_1_1 = "HTTP/1.1";

    final LineBuffer buf;
    final FieldSection fields;

    String method;
    int targetStart;
    int targetEnd;
    int pathStart;
    int pathEnd;
    int queryStart;
    int queryEnd;
    int fragmentStart;
    int fragmentEnd;
    int minor;
    long contentLength;
    boolean chunked;
    boolean keepAlive;
    boolean expectContinue;
    boolean secure;
    int hostField;
    ProxyInfo proxy;
    private String uri;

    RequestHead(LineBuffer buf, FieldSection fields) {
        this.buf = buf;
        this.fields = fields;
    }

    void clear() {
        method = null;
        uri = null;
        contentLength = -1;
        chunked = false;
        keepAlive = false;
        expectContinue = false;
        secure = false;
        hostField = -1;
    }

    /** @return the method, e.g. {@code GET} */
    public String method() {
        return method;
    }

    /** @return the request-target exactly as received */
    public String uri() {
        if (uri == null) {
            uri = text(targetStart, targetEnd);
        }
        return uri;
    }

    /** @return the path of the target, still percent-encoded */
    public String rawPath() {
        return text(pathStart, pathEnd);
    }

    /** @return the query without {@code ?}, or empty */
    public String query() {
        return text(queryStart, queryEnd);
    }

    /** @return the fragment without {@code #}, or empty */
    public String fragment() {
        return text(fragmentStart, fragmentEnd);
    }

    /** @return 0 for HTTP/1.0, 1 for HTTP/1.1 */
    public int minorVersion() {
        return minor;
    }

    /** @return {@code HTTP/1.0} or {@code HTTP/1.1} */
    public String protocol() {
        return minor == 0 ? HTTP_1_0 : HTTP_1_1;
    }

    /** @return the number of header fields kept (dropped {@code _} names excluded) */
    public int fieldCount() {
        return fields.count;
    }

    /**
     * @param i the field index
     * @return its name as received (known names are shared constants)
     */
    public String fieldName(int i) {
        return fields.name(buf.data, i);
    }

    /**
     * @param i the field index
     * @return its value, without surrounding whitespace
     */
    public String fieldValue(int i) {
        return fields.value(buf.data, i);
    }

    /** @return the body length from Content-Length, or -1 when there is none (also when chunked) */
    public long contentLength() {
        return contentLength;
    }

    /** @return whether the body is chunked (RFC 9112 §7.1) */
    public boolean chunked() {
        return chunked;
    }

    /** @return whether a body follows the head */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** @return whether the client allows another request on this connection (RFC 9112 §9.3) */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** @return whether the client waits for {@code 100 Continue} before sending the body */
    public boolean expectContinue() {
        return expectContinue;
    }

    /** @return {@code https} when a trusted proxy said so, else {@code http} */
    public String scheme() {
        return secure ? "https" : "http";
    }

    /** @return the Host value, or null */
    public String host() {
        return hostField < 0 ? null : fieldValue(hostField);
    }

    /** @return what a PROXY protocol header said about this connection, or null */
    public ProxyInfo proxy() {
        return proxy;
    }

    /** @return the header fields as a new {@link Headers} */
    public Headers toHeaders() {
        Headers h = new Headers(Math.max(fields.count, 1));
        for (int i = 0; i < fields.count; i++) {
            h.add(fieldName(i), fieldValue(i));
        }
        return h;
    }

    private String text(int s, int e) {
        return s == e ? "" : new String(buf.data, s, e - s, StandardCharsets.ISO_8859_1);
    }
}
