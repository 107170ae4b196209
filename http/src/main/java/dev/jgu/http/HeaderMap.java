package dev.jgu.http;

/** What to do with request header names containing {@code _} (Gunicorn's {@code header_map}). */
public enum HeaderMap {
    /** Ignore the field silently (it still counts against the limits). */
    DROP,
    /** Refuse the request with 400 ({@code InvalidHeaderName}). */
    REFUSE,
    /** Keep it; {@code X_A} and {@code X-A} then collide in the CGI environ. */
    DANGEROUS
}
