package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.Headers;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The request an app sees: its accessors, the server name and port from Host, the decoded path, the environ. */
class HttpRequestTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "listener.example", 8000, false);
    /** A peer in the default forwarded_allow_ips, whose forwarder and secure-scheme headers are believed. */
    private static final ConnectionInfo LOCAL_PROXY = new ConnectionInfo("127.0.0.1", 40001, "127.0.0.1", 8000, false);

    private static Request serve(ConnectionInfo peer, HttpConfig config, String wire) throws Exception {
        AtomicReference<Request> seen = new AtomicReference<>();
        MemoryTransport t = new MemoryTransport(wire);
        new Http1Connection(t, peer, config, req -> {
            seen.set(req);
            req.body().readAllBytes();
            return Response.of(204);
        }, new RecordingLog(), RequestObserver.NONE).serveOne(true);
        assertTrue(t.output().matches("(?s)HTTP/1\\.[01] 204 .*"), t.output());
        return seen.get();
    }

    private static Request serve(String wire) throws Exception {
        return serve(PEER, HttpConfig.defaults(), wire);
    }

    private static Request withHost(String host) throws Exception {
        return serve("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }

    @Test
    void offersTheRequestLineAndFields() throws Exception {
        Request r = serve("GET /a%2Fb?x=1&y=%20 HTTP/1.0\r\nX-One: 1\r\nx-two: 2\r\nX-One: 3\r\n\r\n");
        assertEquals("GET", r.method());
        assertEquals("/a%2Fb?x=1&y=%20", r.uri());
        assertEquals("/a%2Fb", r.rawPath());
        assertEquals("/a/b", r.path());
        assertEquals("x=1&y=%20", r.query(), "the query stays encoded");
        assertEquals("HTTP/1.0", r.protocol());
        Headers h = r.headers();
        assertEquals(3, h.size());
        assertEquals("x-two", h.name(1), "names keep their spelling");
        assertEquals("2", h.get("X-Two"));
        assertEquals(List.of("1", "3"), h.all("x-one"));
        assertEquals("10.0.0.7", r.remoteAddress());
        assertEquals(40000, r.remotePort());
        assertEquals("http", r.scheme());
    }

    @Test
    void takesServerNameAndPortFromTheListenerWithoutHost() throws Exception {
        for (String wire : List.of("GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nHost:\r\n\r\n")) {
            Request r = serve(wire);
            assertEquals("listener.example", r.serverName(), wire);
            assertEquals(8000, r.serverPort(), wire);
        }
    }

    @Test
    void splitsTheHostFieldIntoServerNameAndPort() throws Exception {
        assertEquals("example.com 8080", nameAndPort("example.com:8080"));
        assertEquals("example.com 80", nameAndPort("example.com"));
        assertEquals("h 65535", nameAndPort("h:65535"));
        assertEquals("h 9", nameAndPort("h:9"));
        assertEquals(" 8080", nameAndPort(":8080"));
        assertEquals("[::1] 8443", nameAndPort("[::1]:8443"));
        assertEquals("[::1] 80", nameAndPort("[::1]"));
        assertEquals("[fe80::1:2] 80", nameAndPort("[fe80::1:2]"));
    }

    @Test
    void fallsBackToTheSchemesPortWhenTheHostPortIsNoPort() throws Exception {
        for (String port : List.of("", "123456", "8x", "x8", "-1", "+81", "/")) {
            assertEquals("h 80", nameAndPort("h:" + port), port);
        }
    }

    @Test
    void defaultsTheServerPortTo443ForHttps() throws Exception {
        Request secure = serve(LOCAL_PROXY, HttpConfig.defaults(),
                "GET / HTTP/1.1\r\nHost: example.com\r\nX-Forwarded-Proto: https\r\n\r\n");
        assertEquals("https", secure.scheme());
        assertEquals(443, secure.serverPort());
        Request badPort = serve(LOCAL_PROXY, HttpConfig.defaults(),
                "GET / HTTP/1.1\r\nHost: example.com:x\r\nX-Forwarded-Proto: https\r\n\r\n");
        assertEquals(443, badPort.serverPort());
    }

    private static String nameAndPort(String host) throws Exception {
        Request r = withHost(host);
        return r.serverName() + " " + r.serverPort();
    }

    @Test
    void decodesThePathAsUtf8() throws Exception {
        assertEquals("/plain/path", serve("GET /plain/path HTTP/1.1\r\n\r\n").path());
        assertEquals("/x~0\n/caf\u00e9", serve("GET /x%7e%30%0A%2fcaf%C3%A9 HTTP/1.1\r\n\r\n").path());
        assertEquals("/%/%4/%zz/%4g/%g4", serve("GET /%/%4/%zz/%4g/%g4 HTTP/1.1\r\n\r\n").path(), "a broken escape stays");
        assertEquals("/a%4", serve("GET /a%4 HTTP/1.1\r\n\r\n").path());
        assertEquals("/a%", serve("GET /a%?q HTTP/1.1\r\n\r\n").path());
        assertEquals("/\ufffd", serve("GET /%FF HTTP/1.1\r\n\r\n").path(), "malformed UTF-8 is replaced");
    }

    @Test
    void decodesARawNonAsciiPathAsUtf8() throws Exception {
        HttpConfig raw = Parsing.config("permit_non_ascii_target", "true");
        assertEquals("/\ufffd", serve(PEER, raw, "GET /\u0080 HTTP/1.1\r\n\r\n").path());
        assertEquals("/caf\u00e9", serve(PEER, raw, "GET /caf\u00c3\u00a9 HTTP/1.1\r\n\r\n").path());
    }

    @Test
    void percentDecodesEscapesAndRawBytesWhereverTheyStand() {
        assertEquals("A", HttpRequest.percentDecode("%41"));
        assertEquals("AB", HttpRequest.percentDecode("%41%42"));
        assertEquals("\u00e9", HttpRequest.percentDecode("\u00c3\u00a9"));
        assertEquals("", HttpRequest.percentDecode(""));
    }

    @Test
    void handsTheAppTheBodyAndTheTrailers() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        MemoryTransport t = new MemoryTransport(
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 6\r\n\r\n");
        new Http1Connection(t, PEER, HttpConfig.defaults(), req -> {
            String body = new String(req.body().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            seen.set(body + " " + req.trailers().get("x-sum") + " " + req.trailers().size());
            return Response.of(204);
        }, new RecordingLog(), RequestObserver.NONE).serveOne(true);
        assertEquals("abc 6 1", seen.get());
    }

    @Test
    void movesAMountPrefixFromPathInfoToScriptName() throws Exception {
        assertEquals("/app /x", scriptAndPathInfo("GET /app/x HTTP/1.1\r\nSCRIPT_NAME: /app\r\n\r\n"));
        assertEquals("/other /app/x", scriptAndPathInfo("GET /app/x HTTP/1.1\r\nSCRIPT_NAME: /other\r\n\r\n"));
        assertEquals(" /app/x", scriptAndPathInfo("GET /app/x HTTP/1.1\r\nSCRIPT_NAME:\r\n\r\n"));
        assertEquals(" /app/x", scriptAndPathInfo("GET /app/x HTTP/1.1\r\n\r\n"));
        assertEquals("/app /given", scriptAndPathInfo("GET /app/x HTTP/1.1\r\nSCRIPT_NAME: /app\r\nPATH_INFO: /given\r\n\r\n"));
    }

    private static String scriptAndPathInfo(String wire) throws Exception {
        Map<String, String> env = serve(LOCAL_PROXY, HttpConfig.defaults(), wire).environ();
        return env.get("SCRIPT_NAME") + " " + env.get("PATH_INFO");
    }

    @Test
    void buildsTheEnvironOnceAndKeepsItReadOnly() throws Exception {
        Request r = serve("GET / HTTP/1.1\r\nContent-Type: a/b\r\nX-A: 1\r\n\r\n");
        Map<String, String> env = r.environ();
        assertSame(env, r.environ());
        assertEquals("a/b", env.get("CONTENT_TYPE"));
        assertEquals(null, env.get("HTTP_CONTENT_TYPE"));
        assertEquals("1", env.get("HTTP_X_A"));
        assertEquals(null, env.get("PROXY_ADDR"), "no PROXY header, no proxy address");
        assertThrows(UnsupportedOperationException.class, () -> env.put("X", "y"));
    }
}
