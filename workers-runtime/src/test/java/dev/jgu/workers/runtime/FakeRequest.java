package dev.jgu.workers.runtime;

import dev.jgu.spi.Headers;
import dev.jgu.spi.Request;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A request as the parser hands it over: wire strings of one char per byte, the path percent-decoded as UTF-8. */
final class FakeRequest implements Request {

    final Headers headers = new Headers();
    private final String method;
    private final String uri;
    private final String protocol;
    String remoteAddress = "127.0.0.1";

    FakeRequest(String method, String uri, String protocol) {
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
    }

    static FakeRequest get(String uri) {
        return new FakeRequest("GET", uri, "HTTP/1.1");
    }

    /** Adds a header whose value is these bytes, as the parser would (ISO-8859-1). */
    FakeRequest header(String name, byte[] value) {
        headers.add(name, new String(value, StandardCharsets.ISO_8859_1));
        return this;
    }

    FakeRequest header(String name, String asciiValue) {
        headers.add(name, asciiValue);
        return this;
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
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public String path() {
        String raw = rawPath();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String query() {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
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
        return InputStream.nullInputStream();
    }

    @Override
    public Headers trailers() {
        return new Headers();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public int remotePort() {
        return remoteAddress.isEmpty() ? 0 : 40000;
    }

    @Override
    public String serverName() {
        return "localhost";
    }

    @Override
    public int serverPort() {
        return 8000;
    }

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public Map<String, String> environ() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REQUEST_METHOD", method);
        env.put("PATH_INFO", path());
        env.put("QUERY_STRING", query());
        env.put("RAW_URI", uri);
        env.put("SERVER_PROTOCOL", protocol);
        env.put("REMOTE_ADDR", remoteAddress);
        env.put("wsgi.url_scheme", "http");
        for (int i = 0; i < headers.size(); i++) {
            env.merge("HTTP_" + headers.name(i).toUpperCase(Locale.ROOT).replace('-', '_'), headers.value(i), (a, b) -> a + "," + b);
        }
        return env;
    }
}
