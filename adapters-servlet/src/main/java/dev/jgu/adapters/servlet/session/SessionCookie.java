package dev.jgu.adapters.servlet.session;

/**
 * Formats the session cookie's {@code Set-Cookie} value (RFC 6265 §4.1):
 * {@code NAME=ID; Path=/ctx; [Domain=..; ][Max-Age=..; ][Secure; ][HttpOnly; ][SameSite=Lax; ]...}.
 */
final class SessionCookie {

    /** The past date that makes older browsers, which ignore Max-Age, drop the cookie. */
    static final String EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

    private SessionCookie() {
    }

    /**
     * @param config the web app's session settings
     * @param path the cookie's Path
     * @param id the session id
     * @param secureRequest whether the request is secure
     * @return the header value that gives the client the session
     */
    static String issue(SessionConfig config, String path, String id, boolean secureRequest) {
        return format(config, path, id, config.cookieMaxAge() >= 0 ? "Max-Age=" + config.cookieMaxAge() : null,
                secureRequest);
    }

    /**
     * @param config the web app's session settings
     * @param path the cookie's Path
     * @param secureRequest whether the request is secure
     * @return the header value that makes the client drop the session cookie
     */
    static String expire(SessionConfig config, String path, boolean secureRequest) {
        return format(config, path, "", "Max-Age=0; Expires=" + EPOCH, secureRequest);
    }

    private static String format(SessionConfig config, String path, String value, String lifetime,
            boolean secureRequest) {
        StringBuilder cookie = new StringBuilder(128)
                .append(config.cookieName()).append('=').append(value)
                .append("; Path=").append(path);
        if (config.cookieDomain() != null) {
            cookie.append("; Domain=").append(config.cookieDomain());
        }
        if (lifetime != null) {
            cookie.append("; ").append(lifetime);
        }
        if (config.secure().appliesTo(secureRequest)) {
            cookie.append("; Secure");
        }
        if (config.httpOnly()) {
            cookie.append("; HttpOnly");
        }
        if (config.sameSite() != null) {
            cookie.append("; SameSite=").append(config.sameSite().token());
        }
        config.cookieAttributes().forEach((name, attribute) -> {
            cookie.append("; ").append(name);
            if (!attribute.isEmpty()) {
                cookie.append('=').append(attribute);
            }
        });
        return cookie.toString();
    }
}
