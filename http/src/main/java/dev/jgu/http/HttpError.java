package dev.jgu.http;

/**
 * The categories of request errors the codec raises, named as Gunicorn names them
 * ({@code gunicorn/http/errors.py}) so logs and the conformance corpus line up,
 * each with the status the client gets.
 */
public enum HttpError {
    INVALID_REQUEST_LINE("InvalidRequestLine", 400),
    INVALID_REQUEST_METHOD("InvalidRequestMethod", 400),
    INVALID_HTTP_VERSION("InvalidHTTPVersion", 400),
    LIMIT_REQUEST_LINE("LimitRequestLine", 414),
    LIMIT_REQUEST_HEADERS("LimitRequestHeaders", 431),
    /** jgu's own: Gunicorn has no body limit (nginx's client_max_body_size). */
    LIMIT_REQUEST_BODY("LimitRequestBody", 413),
    INVALID_HEADER("InvalidHeader", 400),
    INVALID_HEADER_NAME("InvalidHeaderName", 400),
    OBSOLETE_FOLDING("ObsoleteFolding", 400),
    INVALID_CHUNK_SIZE("InvalidChunkSize", 400),
    INVALID_CHUNK_EXTENSION("InvalidChunkExtension", 400),
    CHUNK_MISSING_TERMINATOR("ChunkMissingTerminator", 400),
    NO_MORE_DATA("NoMoreData", 400),
    INVALID_PROXY_LINE("InvalidProxyLine", 400),
    FORBIDDEN_PROXY_REQUEST("ForbiddenProxyRequest", 403),
    INVALID_SCHEME_HEADERS("InvalidSchemeHeaders", 400),
    EXPECTATION_FAILED("ExpectationFailed", 417),
    UNSUPPORTED_TRANSFER_CODING("UnsupportedTransferCoding", 501),
    /** jgu's own: a request head or body slower than its deadline (nginx's client_header_timeout and client_body_timeout). */
    REQUEST_TIMEOUT("RequestTimeout", 408),
    /** jgu's own: Gunicorn hands CONNECT to the app. */
    CONNECT_NOT_SUPPORTED("ConnectNotSupported", 501);

    private final String label;
    private final int status;

    HttpError(String label, int status) {
        this.label = label;
        this.status = status;
    }

    /** @return Gunicorn's name for this error, e.g. {@code InvalidHeader} */
    public String label() {
        return label;
    }

    /** @return the HTTP status sent to the client */
    public int status() {
        return status;
    }
}
