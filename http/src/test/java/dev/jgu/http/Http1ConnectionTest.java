package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1ConnectionTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);

    private static final App ECHO = req -> {
        byte[] body = req.body().readAllBytes();
        return Response.text(200, req.method() + " " + req.uri() + " " + new String(body, StandardCharsets.UTF_8));
    };

    private final RecordingLog log = new RecordingLog();

    private Http1Connection connection(MemoryTransport t, App app) {
        return new Http1Connection(t, PEER, HttpConfig.defaults(), app, log, RequestObserver.NONE);
    }

    @Test
    void servesGetAndKeepsHttp11ConnectionOpen() throws Exception {
        MemoryTransport t = new MemoryTransport("GET /hello?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
        Http1Connection c = connection(t, ECHO);
        assertTrue(c.serveOne(true));
        String out = t.output();
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.contains("\r\nServer: jgu\r\n"), out);
        assertTrue(out.contains("\r\nDate: "), out);
        assertTrue(out.contains("\r\nContent-Length: 15\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\nGET /hello?x=1 "), out);
        assertFalse(c.serveOne(true), "clean EOF ends the connection");
        assertTrue(log.lines.isEmpty(), log.lines.toString());
    }

    @Test
    void readsContentLengthAndChunkedBodiesSplitAcrossReads() throws Exception {
        MemoryTransport t = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Le", "ngth: 5\r\n\r\nhel", "lo",
                "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab", "c\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n");
        Http1Connection c = connection(t, ECHO);
        assertTrue(c.serveOne(true));
        assertTrue(c.serveOne(true));
        String out = t.output();
        assertTrue(out.contains("POST /a hello"), out);
        assertTrue(out.endsWith("POST /b abcde"), out);
    }

    @Test
    void answersPipelinedRequestsFromOneRead() throws Exception {
        MemoryTransport t = new MemoryTransport("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
        Http1Connection c = connection(t, ECHO);
        assertTrue(c.serveOne(true));
        assertTrue(c.hasBufferedInput());
        assertTrue(c.serveOne(true));
        assertFalse(c.hasBufferedInput());
        String out = t.output();
        assertTrue(out.indexOf("GET /1 ") < out.indexOf("GET /2 "), out);
    }

    @Test
    void closesHttp10WithoutKeepAlive() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.0\r\n\r\n");
        assertFalse(connection(t, ECHO).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.0 200 OK\r\n"), t.output());
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
    }

    @Test
    void rejectsBadRequestWith400AndCloses() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        assertFalse(connection(t, ECHO).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 400 Bad Request\r\n"), t.output());
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
        assertTrue(log.contains("rule=content-length-duplicate"), log.lines.toString());
    }

    @Test
    void mapsAppExceptionTo500() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        assertFalse(connection(t, req -> {
            throw new IllegalStateException("boom");
        }).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 500 Internal Server Error\r\n"), t.output());
        assertTrue(log.contains("app error: method=GET uri=/"), log.lines.toString());
    }

    @Test
    void streamsChunkedWithoutLength() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        assertTrue(connection(t, req -> Response.of(200).stream(out -> {
            out.write("abc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write("de".getBytes(StandardCharsets.US_ASCII));
        })).serveOne(true));
        String out = t.output();
        assertTrue(out.contains("\r\nTransfer-Encoding: chunked\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"), out);
        assertEquals(-1, out.indexOf("Content-Length"), out);
    }
}
