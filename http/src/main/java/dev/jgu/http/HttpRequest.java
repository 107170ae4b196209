package dev.jgu.http;

import dev.jgu.spi.Headers;
import dev.jgu.spi.Request;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The {@link Request} an app sees: a detached copy of the head plus the live body stream. */
final class HttpRequest implements Request {

    private final String method;
    private final String uri;
    private final String rawPath;
    private final String query;
    private final String protocol;
    private final Headers headers;
    private final InputStream body;
    private final Supplier<Headers> trailers;
    private final String scheme;
    private final String remoteAddress;
    private final int remotePort;
    private final String serverName;
    private final int serverPort;
    private final ProxyInfo proxy;
    private String path;
    private Map<String, String> environ;

    HttpRequest(RequestHead head, ConnectionInfo info, InputStream body, Supplier<Headers> trailers) {
        this.method = head.method();
        this.uri = head.uri();
        this.rawPath = head.rawPath();
        this.query = head.query();
        this.protocol = head.protocol();
        this.headers = head.toHeaders();
        this.body = body;
        this.trailers = trailers;
        this.scheme = head.scheme();
        this.proxy = head.proxy();
        this.remoteAddress = proxy != null ? proxy.clientAddress() : info.remoteAddress();
        this.remotePort = proxy != null ? proxy.clientPort() : info.remotePort();
        String host = head.host();
        int defaultPort = "https".equals(scheme) ? 443 : 80;
        if (host == null || host.isEmpty()) {
            this.serverName = info.serverName();
            this.serverPort = info.serverPort();
        } else {
            int colon = host.startsWith("[") ? host.indexOf(':', Math.max(host.indexOf(']'), 0)) : host.lastIndexOf(':');
            this.serverName = colon < 0 ? host : host.substring(0, colon);
            this.serverPort = colon < 0 ? defaultPort : parsePort(host.substring(colon + 1), defaultPort);
        }
    }

    private static int parsePort(String s, int fallback) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return fallback;
        }
        return Integer.parseInt(s);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String path() {
        if (path == null) {
            path = percentDecode(rawPath);
        }
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public Headers trailers() {
        return trailers.get();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public int remotePort() {
        return remotePort;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public int serverPort() {
        return serverPort;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public Map<String, String> environ() {
        if (environ == null) {
            environ = Collections.unmodifiableMap(buildEnviron());
        }
        return environ;
    }

    private Map<String, String> buildEnviron() {
        Map<String, String> env = new LinkedHashMap<>();
        String scriptName = headers.get("SCRIPT_NAME");
        String pathInfo = headers.get("PATH_INFO");
        if (pathInfo == null) {
            pathInfo = path();
            // A trusted proxy mounting the app under a prefix (forwarder_headers) moves it to SCRIPT_NAME.
            if (scriptName != null && !scriptName.isEmpty() && pathInfo.startsWith(scriptName)) {
                pathInfo = pathInfo.substring(scriptName.length());
            }
        }
        env.put("REQUEST_METHOD", method);
        env.put("SCRIPT_NAME", scriptName == null ? "" : scriptName);
        env.put("PATH_INFO", pathInfo);
        env.put("QUERY_STRING", query);
        env.put("RAW_URI", uri);
        env.put("SERVER_PROTOCOL", protocol);
        env.put("REMOTE_ADDR", remoteAddress);
        env.put("REMOTE_PORT", Integer.toString(remotePort));
        env.put("SERVER_NAME", serverName);
        env.put("SERVER_PORT", Integer.toString(serverPort));
        env.put("wsgi.url_scheme", scheme);
        if (proxy != null) {
            env.put("PROXY_ADDR", proxy.proxyAddress());
            env.put("PROXY_PORT", Integer.toString(proxy.proxyPort()));
        }
        for (int i = 0; i < headers.size(); i++) {
            String key = headers.name(i).toUpperCase(Locale.ROOT).replace('-', '_');
            if (key.equals("CONTENT_TYPE") || key.equals("CONTENT_LENGTH")) {
                env.put(key, headers.value(i));
                continue;
            }
            // RFC 9110 §5.3: repeated fields combine into one comma-separated value.
            env.merge("HTTP_" + key, headers.value(i), (a, b) -> a + "," + b);
        }
        return env;
    }

    /** Percent-decodes an ISO-8859-1 path string and reads the bytes as UTF-8 (malformed input is replaced). */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0 && raw.chars().allMatch(c -> c < 0x80)) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && hexAt(raw, i + 1) >= 0 && hexAt(raw, i + 2) >= 0) {
                out.write(hexAt(raw, i + 1) << 4 | hexAt(raw, i + 2));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hexAt(String s, int i) {
        return i < s.length() && s.charAt(i) < 0x80 ? ByteClass.hex((byte) s.charAt(i)) : -1;
    }
}
