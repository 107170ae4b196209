package dev.jgu.http;

import dev.jgu.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parser and writer policy, from the resolved settings (Gunicorn 26 names and defaults).
 * Immutable and thread-safe; one instance serves every connection of a worker.
 */
public final class HttpConfig {

    /** Gunicorn's hard ceiling for the request line ({@code MAX_REQUEST_LINE}). */
    public static final int MAX_REQUEST_LINE = 8190;
    /** Gunicorn's ceiling for the number of header fields ({@code MAX_HEADERS}). */
    public static final int MAX_HEADERS = 32768;
    /** Gunicorn's default and fallback for one header field line. */
    public static final int DEFAULT_FIELD_SIZE = 8190;

    private static final Map<String, String> NO_SETTINGS = Map.of();
    private static final HttpConfig DEFAULTS = from(Settings.of(NO_SETTINGS));

    private final int limitRequestLine;
    private final int limitRequestFields;
    private final int limitRequestFieldSize;
    private final boolean permitObsoleteFolding;
    private final boolean stripHeaderSpaces;
    private final boolean permitUnconventionalMethod;
    private final boolean casefoldMethod;
    private final boolean permitNonAsciiTarget;
    private final HeaderMap headerMap;
    private final AddressMatcher forwardedAllowIps;
    private final AddressMatcher proxyAllowIps;
    private final byte[][] secureSchemeNames;
    private final byte[][] secureSchemeValues;
    private final byte[][] forwarderHeaders;
    private final ProxyProtocol proxyProtocol;

    private HttpConfig(Settings s) {
        int line = s.getInt("limit_request_line", 4094);
        // RFC 9112 §3: servers must bound the request line; 0 ("unlimited") still stops at Gunicorn's ceiling.
        limitRequestLine = line <= 0 || line > MAX_REQUEST_LINE ? MAX_REQUEST_LINE : line;
        int fields = s.getInt("limit_request_fields", 100);
        limitRequestFields = fields <= 0 || fields > MAX_HEADERS ? MAX_HEADERS : fields;
        int size = s.getInt("limit_request_field_size", DEFAULT_FIELD_SIZE);
        limitRequestFieldSize = size <= 0 ? DEFAULT_FIELD_SIZE : size;
        permitObsoleteFolding = s.getBoolean("permit_obsolete_folding", false);
        stripHeaderSpaces = s.getBoolean("strip_header_spaces", false);
        permitUnconventionalMethod = s.getBoolean("permit_unconventional_http_method", false);
        casefoldMethod = s.getBoolean("casefold_http_method", false);
        permitNonAsciiTarget = s.getBoolean("permit_non_ascii_target", false);
        headerMap = parseEnum(HeaderMap.class, "header_map", s.get("header_map", "drop"));
        forwardedAllowIps = AddressMatcher.of("forwarded_allow_ips", listOr(s, "forwarded_allow_ips", "127.0.0.1,::1"));
        proxyAllowIps = AddressMatcher.of("proxy_allow_ips", listOr(s, "proxy_allow_ips", "127.0.0.1,::1"));
        Map<String, String> secure = s.get("secure_scheme_headers") == null
                ? Map.of("X-FORWARDED-PROTOCOL", "ssl", "X-FORWARDED-PROTO", "https", "X-FORWARDED-SSL", "on")
                : s.getMap("secure_scheme_headers");
        secureSchemeNames = new byte[secure.size()][];
        secureSchemeValues = new byte[secure.size()][];
        int i = 0;
        for (Map.Entry<String, String> e : secure.entrySet()) {
            secureSchemeNames[i] = ascii(e.getKey().toUpperCase(Locale.ROOT));
            secureSchemeValues[i++] = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
        }
        forwarderHeaders = listOr(s, "forwarder_headers", "SCRIPT_NAME,PATH_INFO").stream()
                .map(h -> ascii(h.trim().toUpperCase(Locale.ROOT))).toArray(byte[][]::new);
        proxyProtocol = parseProxyProtocol(s.get("proxy_protocol", "off"));
    }

    /** @return Gunicorn 26's defaults */
    public static HttpConfig defaults() {
        return DEFAULTS;
    }

    /**
     * @param s the resolved settings, keyed by {@code jgu.conf} names; unset keys take defaults
     * @return the policy
     * @throws IllegalArgumentException naming the setting when a value is unusable
     */
    public static HttpConfig from(Settings s) {
        return new HttpConfig(s);
    }

    private static List<String> listOr(Settings s, String name, String fallback) {
        String v = s.get(name);
        return Settings.of(Map.of(name, v == null ? fallback : v)).getList(name);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String setting, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": unknown value '" + value + "'", e);
        }
    }

    private static ProxyProtocol parseProxyProtocol(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        // Gunicorn's flag without a value (true) means auto.
        if (v.equals("true")) {
            return ProxyProtocol.AUTO;
        }
        if (v.equals("false") || v.isEmpty()) {
            return ProxyProtocol.OFF;
        }
        return parseEnum(ProxyProtocol.class, "proxy_protocol", v);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the longest request line, CRLF excluded */
    public int limitRequestLine() {
        return limitRequestLine;
    }

    /** @return the most header fields in one request (also trailer fields) */
    public int limitRequestFields() {
        return limitRequestFields;
    }

    /** @return the longest header field, CRLF and folded lines included */
    public int limitRequestFieldSize() {
        return limitRequestFieldSize;
    }

    /** @return whether obs-fold continuation lines are joined instead of refused */
    public boolean permitObsoleteFolding() {
        return permitObsoleteFolding;
    }

    /** @return whether whitespace between a field name and its colon is stripped (unsafe; off by default) */
    public boolean stripHeaderSpaces() {
        return stripHeaderSpaces;
    }

    /** @return whether methods outside 3–20 upper-case token characters are allowed */
    public boolean permitUnconventionalMethod() {
        return permitUnconventionalMethod;
    }

    /** @return whether an accepted method is upper-cased */
    public boolean casefoldMethod() {
        return casefoldMethod;
    }

    /** @return whether raw bytes above 0x7F are accepted in the request target (off by default: 400) */
    public boolean permitNonAsciiTarget() {
        return permitNonAsciiTarget;
    }

    /** @return the policy for header names with {@code _} */
    public HeaderMap headerMap() {
        return headerMap;
    }

    /** @return peers trusted with secure-scheme and forwarder headers */
    public AddressMatcher forwardedAllowIps() {
        return forwardedAllowIps;
    }

    /** @return peers allowed to send a PROXY protocol header */
    public AddressMatcher proxyAllowIps() {
        return proxyAllowIps;
    }

    /** @return which PROXY protocol versions are accepted */
    public ProxyProtocol proxyProtocol() {
        return proxyProtocol;
    }

    byte[][] secureSchemeNames() {
        return secureSchemeNames;
    }

    byte[][] secureSchemeValues() {
        return secureSchemeValues;
    }

    byte[][] forwarderHeaders() {
        return forwarderHeaders;
    }

    /**
     * @param peer the connection
     * @return whether its secure-scheme and forwarder headers are believed (UNIX peers always are)
     */
    public boolean trustsForwarded(ConnectionInfo peer) {
        return peer.unix() || forwardedAllowIps.matches(peer.remoteAddress());
    }

    /**
     * @param peer the connection
     * @return whether it may open with a PROXY header (UNIX peers always may)
     */
    public boolean allowsProxyFrom(ConnectionInfo peer) {
        return peer.unix() || proxyAllowIps.matches(peer.remoteAddress());
    }
}
