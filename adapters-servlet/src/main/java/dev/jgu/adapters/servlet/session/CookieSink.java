package dev.jgu.adapters.servlet.session;

/** Where a request's session cookie goes: the core adds it to the response. */
@FunctionalInterface
public interface CookieSink {

    /**
     * Adds a {@code Set-Cookie} header to the response.
     *
     * @param setCookieHeaderValue the header's value, such as {@code JSESSIONID=abc; Path=/; HttpOnly}
     * @throws IllegalStateException when the response is already committed
     */
    void setCookie(String setCookieHeaderValue);
}
