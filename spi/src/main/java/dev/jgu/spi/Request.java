package dev.jgu.spi;

import java.io.InputStream;
import java.util.Map;

/**
 * One HTTP request as an app sees it: everything a WSGI environ offers, typed.
 * Strings taken from the wire (method, target, header values) are decoded as
 * ISO-8859-1, so each char stands for exactly one byte.
 */
public interface Request {

    /** @return the method, e.g. {@code GET} */
    String method();

    /** @return the request-target exactly as received, e.g. {@code /a%20b?x=1} (WSGI's RAW_URI) */
    String uri();

    /** @return the path of the target, still percent-encoded, without query or fragment */
    String rawPath();

    /** @return the path percent-decoded as UTF-8 (WSGI's PATH_INFO) */
    String path();

    /** @return the query without the {@code ?}; empty when there is none (QUERY_STRING) */
    String query();

    /** @return the protocol, {@code HTTP/1.0} or {@code HTTP/1.1} (SERVER_PROTOCOL) */
    String protocol();

    /** @return the header fields, in order, names compared case-insensitively */
    Headers headers();

    /**
     * The body, already de-chunked. Reading it first sends {@code 100 Continue}
     * when the client asked for it. Returns end-of-stream at the end of the body.
     *
     * @return the body stream; never {@code null}
     */
    InputStream body();

    /**
     * Trailer fields of a chunked body; complete only after the body was read to its end.
     *
     * @return the trailers; empty when there are none
     */
    Headers trailers();

    /** @return the client's address (after a trusted PROXY header), or an empty string on a UNIX socket */
    String remoteAddress();

    /** @return the client's port, or 0 on a UNIX socket */
    int remotePort();

    /** @return the host name this request was addressed to (from Host, else the listener) */
    String serverName();

    /** @return the port this request was addressed to */
    int serverPort();

    /** @return {@code http} or {@code https}, after the trusted-proxy rules ({@code wsgi.url_scheme}) */
    String scheme();

    /**
     * A CGI-style view: {@code REQUEST_METHOD}, {@code PATH_INFO}, {@code QUERY_STRING},
     * {@code RAW_URI}, {@code SERVER_PROTOCOL}, {@code REMOTE_ADDR}, {@code REMOTE_PORT},
     * {@code SERVER_NAME}, {@code SERVER_PORT}, {@code SCRIPT_NAME}, {@code wsgi.url_scheme},
     * {@code CONTENT_TYPE}, {@code CONTENT_LENGTH} and {@code HTTP_*} for each header.
     *
     * @return an unmodifiable map
     */
    Map<String, String> environ();
}
