package dev.jgu.http;

import java.io.IOException;

/**
 * The codec's only error type: a request the server refuses. It carries the error
 * category (hence the status) and the name of the rule that fired, which is safe to
 * log and to show the client: it never echoes request bytes.
 *
 * <p>It is an {@link IOException} so that a framing error found while the app reads
 * the body surfaces through {@code InputStream.read}. No stack trace is captured: these
 * are expected, attacker-driven events on the hot path.
 */
public final class HttpException extends IOException {

    private static final long serialVersionUID = 1L;

    private final HttpError error;
    private final String rule;

    /**
     * @param error the category
     * @param rule a short kebab-case name of the rule, e.g. {@code content-length-duplicate}
     */
    public HttpException(HttpError error, String rule) {
        this(error, rule, null);
    }

    /**
     * @param error the category
     * @param rule a short kebab-case name of the rule
     * @param detail what was measured against which limit, for the message (never request bytes); null for none
     */
    public HttpException(HttpError error, String rule, String detail) {
        super(error.label() + ": " + rule + (detail == null ? "" : " (" + detail + ")"));
        this.error = error;
        this.rule = rule;
    }

    /** @return the category */
    public HttpError error() {
        return error;
    }

    /** @return the rule that fired */
    public String rule() {
        return rule;
    }

    /** @return the HTTP status for the client */
    public int status() {
        return error.status();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
