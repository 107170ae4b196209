package dev.jgu.adapters.jdkhttp;

import dev.jgu.testing.RecordingLog;
import dev.jgu.testing.Wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which context serves a request: the longest context path that prefixes the URI's path (the JDK's table). */
class ContextMatchingTest {

    private final RecordingLog log = new RecordingLog();
    private final Servers servers = new Servers(log);
    private final JguHttpServer server = new JguHttpServer(servers, log);

    private static HttpHandler named(String name) {
        return ex -> {
            byte[] b = (name + " " + ex.getHttpContext().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        };
    }

    private String served(String path) throws IOException {
        return Wire.serve(new ContextRouter(servers, log), log, "GET " + path + " HTTP/1.1\r\n\r\n").body();
    }

    @Test
    void theLongestMatchingPrefixWins() throws Exception {
        server.createContext("/", named("ctx1"));
        server.createContext("/apps/", named("ctx2"));
        server.createContext("/apps/foo/", named("ctx3"));
        server.bind(new InetSocketAddress(8080), 0);
        server.start();
        assertEquals("ctx1 /", served("/"));
        assertEquals("ctx2 /apps/", served("/apps/"));
        assertEquals("ctx3 /apps/foo/", served("/apps/foo/bar"));
        assertEquals("ctx1 /", served("/apps"), "\"/apps\" is not prefixed by \"/apps/\"");
        assertEquals("ctx1 /", served("/Apps/"), "compared case-sensitively");
        assertTrue(log.contains("opens no socket"), log.lines.toString());
    }

    @Test
    void aPathWithoutTrailingSlashPrefixesLongerNames() throws Exception {
        server.createContext("/foo", named("foo"));
        server.bind(new InetSocketAddress(8080), 0);
        server.start();
        assertEquals("foo /foo", served("/foobar"));
        assertEquals("foo /foo", served("/foo/bar"));
        assertTrue(served("/bar").startsWith("404 No context found for request"));
    }

    @Test
    void nothingIsServedBeforeStartAndRemovedContextsAreGone() throws Exception {
        server.createContext("/", named("root"));
        server.createContext("/gone/", named("gone"));
        assertTrue(served("/").startsWith("404 "), "a server serves once started, as the JDK's");
        server.bind(new InetSocketAddress(8080), 0);
        server.start();
        server.removeContext("/gone/");
        assertEquals("root /", served("/gone/x"));
        assertThrows(IllegalArgumentException.class, () -> server.removeContext("/gone/"));
    }

    @Test
    void contextPathsAreCheckedAsTheJdkDoes() {
        server.createContext("/a", named("a"));
        assertThrows(IllegalArgumentException.class, () -> server.createContext("/a", named("again")));
        assertThrows(IllegalArgumentException.class, () -> server.createContext("relative", named("x")));
        assertThrows(NullPointerException.class, () -> server.createContext("/b", null));
        assertThrows(IllegalStateException.class, server::start, "not bound yet");
    }

    @Test
    void aContextWithoutHandlerIsA500AndSaysSo() throws Exception {
        server.createContext("/");
        server.bind(new InetSocketAddress(8080), 0);
        server.start();
        assertTrue(served("/").startsWith("500 No handler for context"));
        assertTrue(log.contains("context / has no handler"), log.lines.toString());
    }

    @Test
    void contextsOfEveryStartedServerAreServedTogether() throws Exception {
        server.createContext("/", named("api"));
        server.bind(new InetSocketAddress(8080), 0);
        server.start();
        JguHttpServer admin = new JguHttpServer(servers, log);
        admin.createContext("/admin/", named("admin"));
        assertEquals("api /", served("/admin/x"), "not started yet");
        admin.bind(new InetSocketAddress(8081), 0);
        admin.start();
        assertEquals("admin /admin/", served("/admin/x"));
        assertNull(servers.find("relative"));
    }

    @Test
    void aTargetThatIsNoUriIsA400() throws Exception {
        server.createContext("/", named("root"));
        server.bind(new InetSocketAddress(8080), 0);
        server.start();
        assertTrue(served("/a|b").startsWith("400 Bad request URI"));
    }
}
