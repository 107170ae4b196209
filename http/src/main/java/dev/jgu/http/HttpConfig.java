package dev.jgu.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Parser and writer policy (Gunicorn 26's names and defaults). The codec reads
 * no settings: the worker runtime builds one from the resolved settings with
 * {@link #builder()}. Immutable and thread-safe; one instance serves every
 * connection of a worker.
 */
public final class HttpConfig {

    /** Gunicorn's hard ceiling for the request line ({@code MAX_REQUEST_LINE}). */
    public static final int MAX_REQUEST_LINE = 8190;
    /** Gunicorn's ceiling for the number of header fields ({@code MAX_HEADERS}). */
    public static final int MAX_HEADERS = 32768;
    /** Gunicorn's default and fallback for one header field line. */
    public static final int DEFAULT_FIELD_SIZE = 8190;

    private static final HttpConfig DEFAULTS = builder().build();

    private final int limitRequestLine;
    private final int limitRequestFields;
    private final int limitRequestFieldSize;
    private final long limitRequestBody;
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
    private final long headerTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final long bodyMinRate;
    private final LongSupplier clock;

    private HttpConfig(Builder b) {
        // RFC 9112 §3: servers must bound the request line; 0 ("unlimited") still stops at Gunicorn's ceiling.
        limitRequestLine = b.limitRequestLine <= 0 || b.limitRequestLine > MAX_REQUEST_LINE ? MAX_REQUEST_LINE : b.limitRequestLine;
        limitRequestFields = b.limitRequestFields <= 0 || b.limitRequestFields > MAX_HEADERS ? MAX_HEADERS : b.limitRequestFields;
        limitRequestFieldSize = b.limitRequestFieldSize <= 0 ? DEFAULT_FIELD_SIZE : b.limitRequestFieldSize;
        limitRequestBody = Math.max(0, b.limitRequestBody);
        permitObsoleteFolding = b.permitObsoleteFolding;
        stripHeaderSpaces = b.stripHeaderSpaces;
        permitUnconventionalMethod = b.permitUnconventionalMethod;
        casefoldMethod = b.casefoldMethod;
        permitNonAsciiTarget = b.permitNonAsciiTarget;
        headerMap = b.headerMap;
        forwardedAllowIps = b.forwardedAllowIps;
        proxyAllowIps = b.proxyAllowIps;
        secureSchemeNames = new byte[b.secureSchemeHeaders.size()][];
        secureSchemeValues = new byte[b.secureSchemeHeaders.size()][];
        int i = 0;
        for (Map.Entry<String, String> e : b.secureSchemeHeaders.entrySet()) {
            // Field values reach the comparison without their surrounding whitespace (RFC 9110 §5.5).
            secureSchemeNames[i] = ascii(e.getKey().trim().toUpperCase(Locale.ROOT));
            secureSchemeValues[i++] = e.getValue().trim().getBytes(StandardCharsets.ISO_8859_1);
        }
        forwarderHeaders = b.forwarderHeaders.stream()
                .map(h -> ascii(h.trim().toUpperCase(Locale.ROOT))).toArray(byte[][]::new);
        proxyProtocol = b.proxyProtocol;
        headerTimeoutNanos = Math.max(0, b.headerTimeoutNanos);
        bodyTimeoutNanos = Math.max(0, b.bodyTimeoutNanos);
        bodyMinRate = Math.max(0, b.bodyMinRate);
        clock = b.clock;
    }

    /** @return Gunicorn 26's defaults */
    public static HttpConfig defaults() {
        return DEFAULTS;
    }

    /** @return a builder that starts from Gunicorn 26's defaults */
    public static Builder builder() {
        return new Builder();
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

    /** @return the largest request body in bytes (Content-Length, or decoded chunks); 0 for no limit */
    public long limitRequestBody() {
        return limitRequestBody;
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

    /** @return how long a request head may take from its first byte to its end, in nanoseconds; 0 for no bound */
    public long headerTimeoutNanos() {
        return headerTimeoutNanos;
    }

    /** @return how long a body may keep the worker waiting before its allowance grows with the bytes, in nanoseconds; 0 for no bound */
    public long bodyTimeoutNanos() {
        return bodyTimeoutNanos;
    }

    /** @return the body bytes that earn one more second of waiting; 0 when the allowance is {@link #bodyTimeoutNanos()} alone */
    public long bodyMinRate() {
        return bodyMinRate;
    }

    /** @return the time the deadlines are measured in ({@link System#nanoTime()} but in tests) */
    LongSupplier clock() {
        return clock;
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

    /** Sets each part of the policy; what is not set keeps Gunicorn 26's default. */
    public static final class Builder {
        private int limitRequestLine = 4094;
        private int limitRequestFields = 100;
        private int limitRequestFieldSize = DEFAULT_FIELD_SIZE;
        private boolean permitObsoleteFolding;
        private boolean stripHeaderSpaces;
        private boolean permitUnconventionalMethod;
        private boolean casefoldMethod;
        private boolean permitNonAsciiTarget;
        private long limitRequestBody;
        private HeaderMap headerMap = HeaderMap.DROP;
        private AddressMatcher forwardedAllowIps = AddressMatcher.of("forwarded_allow_ips", List.of("127.0.0.1", "::1"));
        private AddressMatcher proxyAllowIps = AddressMatcher.of("proxy_allow_ips", List.of("127.0.0.1", "::1"));
        private Map<String, String> secureSchemeHeaders = defaultSchemeHeaders();
        private List<String> forwarderHeaders = List.of("SCRIPT_NAME", "PATH_INFO");
        private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;
        private long headerTimeoutNanos;
        private long bodyTimeoutNanos;
        private long bodyMinRate;
        private LongSupplier clock = System::nanoTime;

        private Builder() {
        }

        /** @param bytes the longest request line; 0 or more than {@link #MAX_REQUEST_LINE} means that cap */
        public Builder limitRequestLine(int bytes) {
            this.limitRequestLine = bytes;
            return this;
        }

        /** @param count the most header fields; 0 or more than {@link #MAX_HEADERS} means that cap */
        public Builder limitRequestFields(int count) {
            this.limitRequestFields = count;
            return this;
        }

        /** @param bytes the longest header field; 0 means {@link #DEFAULT_FIELD_SIZE} */
        public Builder limitRequestFieldSize(int bytes) {
            this.limitRequestFieldSize = bytes;
            return this;
        }

        /** @param bytes the largest request body; 0 (the default) for no limit */
        public Builder limitRequestBody(long bytes) {
            this.limitRequestBody = bytes;
            return this;
        }

        /** @param permit whether obs-fold continuation lines are joined instead of refused */
        public Builder permitObsoleteFolding(boolean permit) {
            this.permitObsoleteFolding = permit;
            return this;
        }

        /** @param strip whether whitespace between a field name and its colon is stripped (unsafe) */
        public Builder stripHeaderSpaces(boolean strip) {
            this.stripHeaderSpaces = strip;
            return this;
        }

        /** @param permit whether methods outside 3–20 upper-case token characters are allowed */
        public Builder permitUnconventionalMethod(boolean permit) {
            this.permitUnconventionalMethod = permit;
            return this;
        }

        /** @param casefold whether an accepted method is upper-cased */
        public Builder casefoldMethod(boolean casefold) {
            this.casefoldMethod = casefold;
            return this;
        }

        /** @param permit whether raw bytes above 0x7F are accepted in the request target */
        public Builder permitNonAsciiTarget(boolean permit) {
            this.permitNonAsciiTarget = permit;
            return this;
        }

        /** @param policy what happens to header names with {@code _} */
        public Builder headerMap(HeaderMap policy) {
            this.headerMap = policy;
            return this;
        }

        /** @param peers trusted with secure-scheme and forwarder headers */
        public Builder forwardedAllowIps(AddressMatcher peers) {
            this.forwardedAllowIps = peers;
            return this;
        }

        /** @param peers allowed to send a PROXY protocol header */
        public Builder proxyAllowIps(AddressMatcher peers) {
            this.proxyAllowIps = peers;
            return this;
        }

        /** @param headers header name (any case) and the value by which a trusted peer marks a request https */
        public Builder secureSchemeHeaders(Map<String, String> headers) {
            this.secureSchemeHeaders = new LinkedHashMap<>(headers);
            return this;
        }

        /** @param headers header names with {@code _} a trusted peer may still set in the environ */
        public Builder forwarderHeaders(List<String> headers) {
            this.forwarderHeaders = List.copyOf(headers);
            return this;
        }

        /** @param accepted which PROXY protocol versions are accepted */
        public Builder proxyProtocol(ProxyProtocol accepted) {
            this.proxyProtocol = accepted;
            return this;
        }

        /**
         * @param timeout how long a request head may take from its first byte to its end (the
         *     wait for that first byte is the worker class's); zero (the default, as Gunicorn) for no bound
         */
        public Builder headerTimeout(java.time.Duration timeout) {
            this.headerTimeoutNanos = timeout.toNanos();
            return this;
        }

        /**
         * The body's progress deadline (Apache mod_reqtimeout's {@code body=...,MinRate=...}):
         * reading a body may keep the worker waiting for the client {@code timeout} in all, plus one
         * second for every {@code minRate} bytes received; the time the app takes between its reads
         * does not count.
         *
         * @param timeout the allowance before any byte; zero (the default) for no bound
         * @param minRate bytes per second the client must keep up; 0 for {@code timeout} alone
         */
        public Builder bodyTimeout(java.time.Duration timeout, long minRate) {
            this.bodyTimeoutNanos = timeout.toNanos();
            this.bodyMinRate = minRate;
            return this;
        }

        /** @param nanos the clock the deadlines are measured with, on the {@link System#nanoTime()} scale (for tests) */
        Builder clock(LongSupplier nanos) {
            this.clock = nanos;
            return this;
        }

        /** @return the policy */
        public HttpConfig build() {
            return new HttpConfig(this);
        }

        private static Map<String, String> defaultSchemeHeaders() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-FORWARDED-PROTOCOL", "ssl");
            headers.put("X-FORWARDED-PROTO", "https");
            headers.put("X-FORWARDED-SSL", "on");
            return headers;
        }
    }
}
