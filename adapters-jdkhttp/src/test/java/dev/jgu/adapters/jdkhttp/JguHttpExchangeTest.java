package dev.jgu.adapters.jdkhttp;

import dev.jgu.testing.RecordingLog;
import dev.jgu.testing.Wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HttpExchange's rules over jgu's exchange: sendResponseHeaders' length, the order of head and body. */
class JguHttpExchangeTest {

    private static final String GET = "GET /x?q=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n";

    private final RecordingLog log = new RecordingLog();

    private Wire.Result serve(HttpHandler handler, String requests) throws IOException {
        return Wire.serve(new JdkHttpAdapter().adapt(handler, new dev.jgu.spi.AppEnvironment(log, null, getClass().getClassLoader(), java.nio.file.Path.of("/tmp"))), log, requests);
    }

    private static void write(HttpExchange ex, String text) throws IOException {
        ex.getResponseBody().write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPositiveLengthIsSentAsContentLength() throws Exception {
        Wire.Result r = serve(ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 5);
            write(ex, "hello");
            ex.close();
        }, GET + GET);
        assertTrue(r.open(), "kept alive across both: " + r.out());
        assertEquals(2, r.out().split("HTTP/1.1 200 OK", -1).length - 1, r.out());
        assertTrue(r.head().contains("\r\nContent-Length: 5\r\n"), r.out());
        assertTrue(r.head().contains("\r\nContent-type: text/plain\r\n"), r.out());
        assertFalse(r.head().contains("chunked"), r.out());
    }

    @Test
    void lengthZeroIsChunkedAndTheHeadGoesOutAtOnce() throws Exception {
        Wire.Result r = serve(ex -> {
            ex.sendResponseHeaders(200, 0);
            write(ex, "abc");
            ex.getResponseBody().flush();
            write(ex, "de");
            ex.close();
        }, GET);
        assertTrue(r.head().contains("\r\nTransfer-Encoding: chunked\r\n"), r.out());
        assertEquals("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", r.body());
    }

    @Test
    void minusOneIsNoBodyAndContentLengthZeroExceptFor204() throws Exception {
        Wire.Result ok = serve(ex -> {
            ex.sendResponseHeaders(200, -1);
            assertThrows(IOException.class, () -> write(ex, "x"), "no body may be written");
            ex.close();
        }, GET);
        assertTrue(ok.head().contains("\r\nContent-Length: 0\r\n"), ok.out());
        assertEquals("", ok.body());
        Wire.Result noContent = serve(ex -> ex.sendResponseHeaders(204, -1), GET);
        assertTrue(noContent.out().startsWith("HTTP/1.1 204 "), noContent.out());
        assertFalse(noContent.head().contains("Content-Length"), noContent.out());
        assertEquals("", noContent.body());
    }

    @Test
    void aNoContentWithALengthIsWarnedAboutAndSentWithoutBody() throws Exception {
        Wire.Result r = serve(ex -> ex.sendResponseHeaders(204, 12), GET);
        assertTrue(r.out().startsWith("HTTP/1.1 204 "), r.out());
        assertEquals("", r.body());
        assertTrue(log.contains("WARN jdk-http: sendResponseHeaders(204, 12): a 204 has no body"), log.lines.toString());
    }

    @Test
    void moreBytesThanTheLengthAreRefusedAndFewerFailTheClose() throws Exception {
        List<String> refused = new ArrayList<>();
        Wire.Result tooMany = serve(ex -> {
            ex.sendResponseHeaders(200, 3);
            refused.add(assertThrows(IOException.class, () -> write(ex, "abcd")).getMessage());
            write(ex, "abc");
            ex.close();
        }, GET);
        assertEquals("abc", tooMany.body());
        Wire.Result tooFew = serve(ex -> {
            ex.sendResponseHeaders(200, 10);
            write(ex, "abc");
            refused.add(assertThrows(IOException.class, () -> ex.getResponseBody().close()).getMessage());
        }, GET + GET);
        assertFalse(tooFew.open(), "the connection ends after a short body: " + tooFew.out());
        assertEquals(List.of("too many bytes to write to stream", "insufficient bytes written to stream"), refused);
        assertTrue(log.contains("response length mismatch: declared=10 written=3"), log.lines.toString());
    }

    @Test
    void theBodyBeforeTheHeadersAndASecondHeadAreRefused() throws Exception {
        List<String> refused = new ArrayList<>();
        Wire.Result r = serve(ex -> {
            refused.add(assertThrows(IOException.class, () -> write(ex, "early")).getMessage());
            ex.getResponseHeaders().add("X-Before", "1");
            ex.sendResponseHeaders(200, 0);
            write(ex, "body");
            refused.add(assertThrows(IOException.class, () -> ex.sendResponseHeaders(500, -1)).getMessage());
            refused.add(assertThrows(IllegalStateException.class,
                    () -> ex.getResponseHeaders().set("X-Late", "1")).getMessage());
            refused.add(assertThrows(UnsupportedOperationException.class,
                    () -> ex.getResponseHeaders().get("X-Before").add("2")).getClass().getSimpleName());
            ex.close();
        }, GET);
        assertEquals("response headers not sent yet", refused.get(0));
        assertEquals("headers already sent", refused.get(1));
        assertTrue(refused.get(2).startsWith("response headers already sent"), refused.toString());
        assertTrue(r.out().startsWith("HTTP/1.1 200 "), r.out());
        assertFalse(r.out().contains("X-Late"), r.out());
        assertEquals("4\r\nbody\r\n0\r\n\r\n", r.body());
    }

    @Test
    void headGivenALengthSaysItAndSendsNoBody() throws Exception {
        Wire.Result withLength = serve(ex -> {
            ex.sendResponseHeaders(200, 42);
            assertThrows(IOException.class, () -> write(ex, "x"));
            ex.close();
        }, "HEAD / HTTP/1.1\r\n\r\n");
        assertTrue(withLength.head().contains("\r\nContent-Length: 42\r\n"), withLength.out());
        assertEquals("", withLength.body());
        Wire.Result chunked = serve(ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.close();
        }, "HEAD / HTTP/1.1\r\n\r\n");
        assertFalse(chunked.head().contains("Content-Length") || chunked.head().contains("chunked"), chunked.out());
    }

    @Test
    void aHandlerThatNeverSendsHeadersGetsA500() throws Exception {
        Wire.Result r = serve(ex -> ex.close(), GET);
        assertEquals(500, r.status(), r.out());
        assertTrue(log.contains("returned without calling sendResponseHeaders"), log.lines.toString());
    }

    @Test
    void theRequestAsTheHandlerSeesIt() throws Exception {
        Wire.Result r = serve(ex -> {
            String seen = ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestURI().getQuery() + " "
                    + ex.getProtocol() + " host=" + ex.getRequestHeaders().getFirst("host") + " body="
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " remote="
                    + ex.getRemoteAddress().getHostString() + ":" + ex.getRemoteAddress().getPort() + " local="
                    + ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort() + " context="
                    + ex.getHttpContext().getPath() + " principal=" + ex.getPrincipal() + " code=" + ex.getResponseCode();
            assertThrows(UnsupportedOperationException.class, () -> ex.getRequestHeaders().add("X", "y"));
            byte[] b = seen.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(201, b.length);
            assertEquals(201, ex.getResponseCode());
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }, "POST /a%20b?q=1 HTTP/1.1\r\nHost: example.com:8080\r\nContent-Length: 4\r\n\r\nbody");
        assertEquals("POST /a%20b?q=1 q=1 HTTP/1.1 host=example.com:8080 body=body remote=10.0.0.7:40000"
                + " local=example.com:8080 context=/ principal=null code=-1", r.body());
    }

    @Test
    void attributesBelongToTheExchangeAndFallBackToTheContexts() throws Exception {
        Servers servers = new Servers(log);
        JguHttpServer server = new JguHttpServer(servers, log);
        HttpContext context = server.createContext("/", ex -> {
            String before = ex.getAttribute("user") + "/" + ex.getAttribute("app");
            ex.setAttribute("user", "alice");
            ex.setAttribute("app", null);
            String after = ex.getAttribute("user") + "/" + ex.getAttribute("app");
            byte[] b = (before + " " + after).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        context.getAttributes().put("app", "demo");
        server.bind(new java.net.InetSocketAddress(0), 0);
        server.start();
        Wire.Result r = Wire.serve(new ContextRouter(servers, log), log, GET + GET);
        assertEquals(2, r.out().split("null/demo alice/null", -1).length - 1, "each exchange starts afresh: " + r.out());
        assertNull(context.getAttributes().get("user"), "the context's map is not written");
    }

    @Test
    void filtersAndTheAuthenticatorRunBeforeTheHandler() throws Exception {
        Servers servers = new Servers(log);
        JguHttpServer server = new JguHttpServer(servers, log);
        HttpContext context = server.createContext("/", ex -> {
            byte[] b = ("user=" + ex.getPrincipal().getUsername() + " filtered=" + ex.getAttribute("filtered"))
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        context.setAuthenticator(new BasicAuthenticator("jgu") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return "alice".equals(user) && "secret".equals(password);
            }
        });
        context.getFilters().add(Filter.beforeHandler("marks", ex -> ex.setAttribute("filtered", "yes")));
        server.bind(new java.net.InetSocketAddress(0), 0);
        server.start();
        ContextRouter router = new ContextRouter(servers, log);
        Wire.Result denied = Wire.serve(router, log, GET);
        assertEquals(401, denied.status(), denied.out());
        assertTrue(denied.head().contains("\r\nWww-authenticate: Basic realm=\"jgu\""), denied.out());
        String basic = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        Wire.Result allowed = Wire.serve(router, log, "GET / HTTP/1.1\r\nAuthorization: Basic " + basic + "\r\n\r\n");
        assertEquals("user=alice filtered=yes", allowed.body());
    }
}
