package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseWriterTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);
    private final RecordingLog log = new RecordingLog();

    private String serve(String request, App app, boolean expectKeep) throws Exception {
        MemoryTransport t = new MemoryTransport(request);
        Http1Connection c = new Http1Connection(t, PEER, HttpConfig.defaults(), app, log, RequestObserver.NONE);
        assertEquals(expectKeep, c.serveOne(true), "connection kept open");
        return t.output();
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void dropsHopByHopAndServerOwnedHeadersFromTheApp() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.text(200, "x")
                .header("Connection", "keep-alive").header("Transfer-Encoding", "gzip").header("Server", "evil")
                .header("Date", "yesterday").header("Keep-Alive", "timeout=5").header("Upgrade", "h2c")
                .header("X-Kept", "yes"), true);
        assertTrue(out.contains("\r\nX-Kept: yes\r\n"), out);
        assertTrue(out.contains("\r\nServer: jgu\r\n"), out);
        for (String gone : new String[] {"keep-alive", "gzip", "evil", "yesterday", "timeout", "h2c"}) {
            assertFalse(out.contains(gone), gone + " leaked: " + out);
        }
    }

    @Test
    void refusesCrlfInAppHeaderWith500AndNeverWritesIt() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n",
                req -> Response.text(200, "x").header("X-Bad", "a\r\nSet-Cookie: pwned=1"), false);
        assertTrue(out.startsWith("HTTP/1.1 500 "), out);
        assertFalse(out.contains("pwned"), out);
        assertTrue(log.contains("response refused: rule=invalid-field-value"), log.lines.toString());
    }

    @Test
    void refusesAnInterimStatusAsTheAnswerWith500AndCloses() throws Exception {
        for (int status : new int[] {100, 101, 103}) {
            String out = serve("GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
                    req -> Response.of(status).header("Upgrade", "h2c"), false);
            assertTrue(out.startsWith("HTTP/1.1 500 "), out);
            assertTrue(out.contains("\r\nConnection: close\r\n"), out);
            assertEquals(1, out.split("HTTP/1.1 ", -1).length - 1, out);
        }
        assertTrue(log.contains("response refused: rule=interim-status status=101"), log.lines.toString());
    }

    @Test
    void refusesInvalidHeaderName() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.text(200, "x").header("Bad Name", "v"), false);
        assertTrue(out.startsWith("HTTP/1.1 500 "), out);
    }

    @Test
    void sendsNoBodyForHeadButKeepsLength() throws Exception {
        String out = serve("HEAD / HTTP/1.1\r\n\r\n", req -> Response.text(200, "hello"), true);
        assertTrue(out.contains("\r\nContent-Length: 5\r\n"), out);
        assertEquals("", body(out));
    }

    @Test
    void sendsNoBodyOrLengthFor204AndNoBodyFor304() throws Exception {
        String noContent = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(204).body("ignored"), true);
        assertFalse(noContent.contains("Content-Length"), noContent);
        assertEquals("", body(noContent));
        String notModified = serve("GET / HTTP/1.1\r\n\r\n",
                req -> Response.of(304).header("Content-Length", "7").body("ignored"), true);
        assertTrue(notModified.contains("\r\nContent-Length: 7\r\n"), notModified);
        assertEquals("", body(notModified));
    }

    @Test
    void neverSendsMoreThanTheDeclaredLengthAndCloses() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200).header("Content-Length", "3")
                .stream(o -> o.write("abcdef".getBytes(StandardCharsets.US_ASCII))), false);
        assertEquals("abc", body(out));
        assertTrue(log.contains("response length mismatch: declared=3 written=6"), log.lines.toString());
        String bytes = serve("GET / HTTP/1.1\r\n\r\n",
                req -> Response.of(200).header("Content-Length", "2").body("abcdef"), false);
        assertEquals("ab", body(bytes));
    }

    @Test
    void closesWhenTheAppWritesLessThanDeclared() throws Exception {
        serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200).header("Content-Length", "10")
                .stream(o -> o.write('a')), false);
        assertTrue(log.contains("declared=10 written=1"), log.lines.toString());
    }

    @Test
    void delimitsUnknownLengthByCloseOnHttp10() throws Exception {
        String out = serve("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                req -> Response.of(200).stream(o -> o.write("streamed".getBytes(StandardCharsets.US_ASCII))), false);
        assertTrue(out.startsWith("HTTP/1.0 200 OK\r\n"), out);
        assertTrue(out.contains("\r\nConnection: close\r\n"), out);
        assertFalse(out.contains("chunked"), out);
        assertEquals("streamed", body(out));
    }

    @Test
    void answersKeepAliveToHttp10ClientsThatAskForIt() throws Exception {
        String out = serve("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", req -> Response.text(200, "x"), true);
        assertTrue(out.contains("\r\nConnection: keep-alive\r\n"), out);
    }

    @Test
    void sendsFileBodiesThroughTransferFrom(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "file-body-" + "x".repeat(10000));
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200).file(file), true);
        assertTrue(out.contains("\r\nContent-Length: 10010\r\n"), out);
        assertEquals(Files.readString(file), body(out));
    }

    @Test
    void answers500WhenTheFileIsMissing(@TempDir Path dir) throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200).file(dir.resolve("missing")), false);
        assertTrue(out.startsWith("HTTP/1.1 500 "), out);
    }

    @Test
    void answers500WhenStreamingFailsBeforeTheFirstByte() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200).stream(o -> {
            throw new IllegalStateException("db down");
        }), false);
        assertTrue(out.startsWith("HTTP/1.1 500 "), out);
        assertTrue(log.contains("app error: while streaming"), log.lines.toString());
    }

    @Test
    void writesImfFixdate() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200), true);
        assertTrue(out.matches("(?s).*\r\nDate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"),
                out);
    }
}
