package dev.jgu.adapters.servlet.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a web app's sessions are tracked: the session cookie and the default lifetime. The core
 * fills it from {@code <session-config>} and {@code SessionCookieConfig}.
 *
 * @param cookieName the cookie's name, an RFC 6265 token; {@code JSESSIONID} by default
 * @param cookiePath the cookie's Path; null (the default) means the context path, or {@code /}
 *     for the root context
 * @param cookieDomain the cookie's Domain, null (the default) for none (host-only cookie)
 * @param cookieMaxAge the cookie's Max-Age in seconds; negative (the default, -1) for a cookie
 *     that ends with the browser session
 * @param httpOnly whether scripts are kept from the cookie; true by default
 * @param secure when the cookie carries {@code Secure}; {@link SecureMode#AUTO} by default
 * @param sameSite the cookie's SameSite, null for none; {@link SameSite#LAX} by default
 * @param cookieAttributes further attributes in order (such as {@code Partitioned}); an empty
 *     value writes the attribute name alone
 * @param maxInactiveInterval seconds a new session may stay unused; {@code <= 0} never expires;
 *     1800 by default
 */
public record SessionConfig(
        String cookieName, String cookiePath, String cookieDomain, int cookieMaxAge, boolean httpOnly,
        SecureMode secure, SameSite sameSite, Map<String, String> cookieAttributes,
        int maxInactiveInterval) {

    /** When the session cookie carries the {@code Secure} attribute. */
    public enum SecureMode {
        /** When the request came over TLS (directly or as a trusted proxy reports it). */
        AUTO,
        /** Always. */
        ALWAYS,
        /** Never. */
        NEVER;

        /**
         * @param secureRequest whether the request is secure
         * @return whether the cookie gets {@code Secure}
         */
        public boolean appliesTo(boolean secureRequest) {
            return this == ALWAYS || (this == AUTO && secureRequest);
        }
    }

    /** The cookie's SameSite attribute. Browsers drop {@code SameSite=None} without Secure. */
    public enum SameSite {
        /** {@code SameSite=Strict}. */
        STRICT("Strict"),
        /** {@code SameSite=Lax}. */
        LAX("Lax"),
        /** {@code SameSite=None}. */
        NONE("None");

        private final String token;

        SameSite(String token) {
            this.token = token;
        }

        /** @return the attribute value as sent */
        public String token() {
            return token;
        }
    }

    private static final Set<String> MANAGED = Set.of(
            "path", "domain", "max-age", "expires", "secure", "httponly", "samesite");

    /** Checks every field, so that no value can break out of the Set-Cookie header. */
    public SessionConfig {
        Objects.requireNonNull(secure, "secure");
        if (!isToken(cookieName)) {
            throw new IllegalArgumentException(
                    "session cookie name: must be a token (RFC 6265 §4.1.1), got " + quoted(cookieName));
        }
        checkValue("session cookie path", cookiePath);
        checkValue("session cookie domain", cookieDomain);
        Map<String, String> copy = new LinkedHashMap<>();
        cookieAttributes.forEach((name, value) -> {
            if (!isToken(name) || MANAGED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("session cookie attribute: must be a token other than "
                        + "Path, Domain, Max-Age, Expires, Secure, HttpOnly and SameSite, got " + quoted(name));
            }
            checkValue("session cookie attribute " + name, Objects.requireNonNull(value, name));
            copy.put(name, value);
        });
        cookieAttributes = Collections.unmodifiableMap(copy);
    }

    /** @return JSESSIONID, the context path, no domain, browser session, HttpOnly, AUTO, Lax, 1800 s */
    public static SessionConfig defaults() {
        return new SessionConfig("JSESSIONID", null, null, -1, true, SecureMode.AUTO, SameSite.LAX,
                Map.of(), 1800);
    }

    /**
     * @param contextPath the web app's context path, {@code ""} for the root context
     * @return the cookie's Path
     */
    public String cookiePathFor(String contextPath) {
        if (cookiePath != null) {
            return cookiePath;
        }
        String path = contextPath.isEmpty() ? "/" : contextPath;
        checkValue("context path as session cookie path", path);
        return path;
    }

    private static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkValue(String what, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c >= 0x7f || c == ';') {
                throw new IllegalArgumentException(what + ": must be visible ASCII without ';', got "
                        + quoted(value));
            }
        }
    }

    private static String quoted(String s) {
        return s == null ? "null" : '"' + s + '"';
    }
}
