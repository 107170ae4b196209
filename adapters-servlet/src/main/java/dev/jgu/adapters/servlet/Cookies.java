package dev.jgu.adapters.servlet;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** RFC 6265 cookies: the request's {@code Cookie} fields parsed, a {@link Cookie} formatted as {@code Set-Cookie}. */
final class Cookies {

    private Cookies() {
    }

    /**
     * Parses {@code Cookie} field values: {@code name=value} pairs separated by {@code ;}. Pairs
     * without a name, or whose name is not a token, are skipped (browsers send what they were
     * given; one bad cookie must not hide the others). Quotes around a value are removed.
     *
     * @param fields the field values
     * @return the cookies, in order
     */
    static List<Cookie> parse(List<String> fields) {
        List<Cookie> cookies = new ArrayList<>();
        for (String field : fields) {
            for (String pair : field.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (name.isEmpty() || name.startsWith("$")) {
                    continue;
                }
                try {
                    cookies.add(new Cookie(name, value));
                } catch (IllegalArgumentException notAToken) {
                    // a name Cookie refuses (not a token): skipped, as described above
                }
            }
        }
        return cookies;
    }

    /**
     * @param cookie the cookie
     * @return its {@code Set-Cookie} field value
     */
    static String format(Cookie cookie) {
        StringBuilder out = new StringBuilder(cookie.getName()).append('=');
        String value = cookie.getValue();
        if (value != null) {
            out.append(value);
        }
        int maxAge = cookie.getMaxAge();
        if (maxAge >= 0) {
            out.append("; Max-Age=").append(maxAge);
            out.append("; Expires=").append(dev.jgu.adapters.servlet.statics.HttpDate.format(
                    maxAge == 0 ? 0 : System.currentTimeMillis() + maxAge * 1000L));
        }
        if (cookie.getDomain() != null) {
            out.append("; Domain=").append(cookie.getDomain());
        }
        if (cookie.getPath() != null) {
            out.append("; Path=").append(cookie.getPath());
        }
        if (cookie.getSecure()) {
            out.append("; Secure");
        }
        if (cookie.isHttpOnly()) {
            out.append("; HttpOnly");
        }
        for (Map.Entry<String, String> a : cookie.getAttributes().entrySet()) {
            String name = a.getKey();
            if (name.equalsIgnoreCase("Max-Age") || name.equalsIgnoreCase("Domain") || name.equalsIgnoreCase("Path")
                    || name.equalsIgnoreCase("Secure") || name.equalsIgnoreCase("HttpOnly") || name.equalsIgnoreCase("Expires")) {
                continue;
            }
            out.append("; ").append(name);
            if (a.getValue() != null && !a.getValue().isEmpty()) {
                out.append('=').append(a.getValue());
            }
        }
        return out.toString();
    }
}
