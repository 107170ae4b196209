package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The response head built from the app's fields: which fields are refused (and by which rule), and heads of any size. */
class ResponseHeadTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);

    private final RecordingLog log = new RecordingLog();

    private String serve(String request, App app, boolean expectKeep) throws Exception {
        MemoryTransport t = new MemoryTransport(request);
        Http1Connection c = new Http1Connection(t, PEER, HttpConfig.defaults(), app, log, RequestObserver.NONE);
        assertEquals(expectKeep, c.serveOne(true), "connection kept open");
        return t.output();
    }

    private void assertRefused(String rule, Consumer<Response> fields) throws Exception {
        Response r = Response.text(200, "x");
        fields.accept(r);
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> r, false);
        assertTrue(out.startsWith("HTTP/1.1 500 "), out);
        assertTrue(log.contains("ERROR response refused: rule=" + rule + " status=200 method=GET uri=/"
                + " peer=10.0.0.7:40000, sending 500"), rule + " " + log.lines);
        log.lines.clear();
    }

    @Test
    void refusesEachFieldAnAppMustNotSendNamingTheRule() throws Exception {
        assertRefused("null-field", r -> r.headers().add(null, "v"));
        assertRefused("null-field", r -> r.headers().add("X", null));
        assertRefused("empty-field-name", r -> r.header("", "v"));
        assertRefused("invalid-field-name", r -> r.header("Bad Name", "v"));
        assertRefused("invalid-field-name", r -> r.header("X\u0100", "v"));
        assertRefused("invalid-field-name", r -> r.header("X\u00ff", "v"));
        assertRefused("invalid-field-value", r -> r.header("X", "a\u0100"));
        assertRefused("invalid-field-value", r -> r.header("X", "a\u0000"));
        for (String length : new String[] {"", "abc", "-1", "+1", "1 ", "1000000000000000000"}) {
            assertRefused("invalid-content-length", r -> r.header("Content-Length", length));
        }
        assertRefused("invalid-content-length", r -> r.header("Content-Length", "0").header("Content-Length", "1"));
        assertRefused("invalid-content-length", r -> r.header("Content-Length", "1").header("Content-Length", "2"));
    }

    @Test
    void sendsOneContentLengthForEqualDuplicates() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n",
                req -> Response.text(200, "x").header("Content-Length", "1").header("content-length", "1"), true);
        assertEquals(1, out.split("(?i)content-length", -1).length - 1, out);
        assertTrue(out.endsWith("\r\nContent-Length: 1\r\n\r\nx"), out);
    }

    @Test
    void sendsObsTextInValuesAsSingleBytes() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(204).header("X-Name", "caf\u00e9 \u00ff\tend"), true);
        assertTrue(out.contains("\r\nX-Name: caf\u00e9 \u00ff\tend\r\n"), out);
    }

    @Test
    void acceptsDeclaredLengthsOfEighteenDigits() throws Exception {
        String out = serve("HEAD / HTTP/1.1\r\n\r\n",
                req -> Response.of(200).header("Content-Length", "999999999999999999"), true);
        assertTrue(out.contains("\r\nContent-Length: 999999999999999999\r\n"), out);
    }

    @Test
    void writesHeadsOfAnySize() throws Exception {
        for (int n = 900; n <= 1200; n++) {
            String name = "X-" + "n".repeat(n % 7);
            String value = "v".repeat(n);
            String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.text(200, "body").header(name, value), true);
            assertTrue(out.contains("\r\n" + name + ": " + value + "\r\nContent-Length: 4\r\n\r\nbody"), "size " + n);
        }
        String huge = "h".repeat(5000);
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(204).header("X-" + huge, huge), true);
        assertTrue(out.endsWith("\r\nX-" + huge + ": " + huge + "\r\n\r\n"), "a field longer than twice the buffer");
        assertFalse(log.contains("error"), log.lines.toString());
    }
}
