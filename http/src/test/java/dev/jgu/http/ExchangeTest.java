package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.Exchange;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deferred-head exchange: the head may change until the first flush; framing follows from when that was. */
class ExchangeTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);
    private static final String GET = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";

    private final RecordingLog log = new RecordingLog();
    private final List<String> finished = new ArrayList<>();
    private final RequestObserver observer = new RequestObserver() {
        @Override
        public void requestFinished(Request request, Response response, int status, long bodyBytes, long nanos) {
            finished.add(status + " " + bodyBytes + " " + (response == null ? "-" : response.headers().get("X-App")));
        }
    };

    private String serve(String request, Handler handler, boolean expectKeep) throws IOException {
        MemoryTransport t = new MemoryTransport(request);
        Http1Connection c = Http1Connection.serving(handler, t, PEER, HttpConfig.defaults(), log, observer);
        assertEquals(expectKeep, c.serveOne(true), "connection kept open: " + t.output());
        return t.output();
    }

    private static String head(String response) {
        return response.substring(0, response.indexOf("\r\n\r\n") + 2);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static void write(Exchange ex, String text) throws IOException {
        ex.body().write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theHeadMayChangeUntilTheEndAndANeverFlushedBodyGetsContentLength() throws Exception {
        String out = serve(GET, ex -> {
            write(ex, "first ");
            ex.status(201);
            ex.headers().add("X-App", "late but before the commit");
            write(ex, "second");
        }, true);
        assertTrue(out.startsWith("HTTP/1.1 201 Created\r\n"), out);
        assertTrue(head(out).contains("\r\nX-App: late but before the commit\r\n"), out);
        assertTrue(head(out).contains("\r\nContent-Length: 12\r\n"), out);
        assertFalse(head(out).contains("Transfer-Encoding"), out);
        assertEquals("first second", body(out));
        assertEquals(List.of("201 12 late but before the commit"), finished);
    }

    @Test
    void closingTheBodyCommitsWithContentLengthAndLaterWritesFail() throws Exception {
        String out = serve(GET, ex -> {
            OutputStream body = ex.body();
            body.write("done".getBytes(StandardCharsets.UTF_8));
            body.close();
            assertTrue(ex.committed());
            assertThrows(IOException.class, () -> body.write('x'));
        }, true);
        assertTrue(head(out).contains("\r\nContent-Length: 4\r\n"), out);
        assertEquals("done", body(out));
    }

    @Test
    void aFlushedResponseTakesTwoWritesTheHeadWithItsFirstChunkThenTheRestWithTheLastChunk() throws Exception {
        MemoryTransport t = new MemoryTransport(GET);
        Http1Connection c = Http1Connection.serving(ex -> {
            write(ex, "first");
            ex.flush();
            write(ex, "second");
        }, t, PEER, HttpConfig.defaults(), log, observer);
        assertTrue(c.serveOne(true));
        assertEquals("5\r\nfirst\r\n6\r\nsecond\r\n0\r\n\r\n", body(t.output()));
        assertEquals(2, t.writes, "one write per flush, the last chunk with the last data: " + t.output());
        MemoryTransport empty = new MemoryTransport(GET);
        Http1Connection d = Http1Connection.serving(ex -> {
            write(ex, "only");
            ex.flush();
        }, empty, PEER, HttpConfig.defaults(), log, observer);
        assertTrue(d.serveOne(true));
        assertEquals("4\r\nonly\r\n0\r\n\r\n", body(empty.output()));
        assertEquals(2, empty.writes, "nothing after the flush: the last chunk alone");
    }

    @Test
    void anEarlyFlushSendsTheHeadAndTheBodyIsChunked() throws Exception {
        String out = serve(GET, ex -> {
            ex.headers().set("Content-Type", "text/plain");
            write(ex, "a");
            ex.flush();
            write(ex, "bc");
        }, true);
        assertTrue(head(out).contains("\r\nTransfer-Encoding: chunked\r\n"), out);
        assertFalse(head(out).contains("Content-Length"), out);
        assertEquals("1\r\na\r\n2\r\nbc\r\n0\r\n\r\n", body(out));
    }

    @Test
    void aBodyOutgrowingTheBufferCommitsAndIsChunked() throws Exception {
        byte[] big = new byte[40_000];
        java.util.Arrays.fill(big, (byte) 'z');
        String out = serve(GET, ex -> {
            ex.body().write(big);
            assertTrue(ex.committed(), "16 KiB are buffered at most");
        }, true);
        assertTrue(head(out).contains("\r\nTransfer-Encoding: chunked\r\n"), out);
        assertEquals(40_000, dechunk(body(out)).length());
    }

    @Test
    void aDeclaredLengthIsSentWhenTheHeadGoesOutEarly() throws Exception {
        String out = serve(GET, ex -> {
            ex.contentLength(5);
            write(ex, "12");
            ex.flush();
            write(ex, "345");
        }, true);
        assertTrue(head(out).contains("\r\nContent-Length: 5\r\n"), out);
        assertFalse(head(out).contains("chunked"), out);
        assertEquals("12345", body(out));
    }

    @Test
    void http10WithoutALengthIsCloseDelimitedAfterAnEarlyFlush() throws Exception {
        String out = serve("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", ex -> {
            write(ex, "a");
            ex.flush();
            write(ex, "b");
        }, false);
        assertTrue(out.startsWith("HTTP/1.0 200 OK\r\n"), out);
        assertTrue(head(out).contains("\r\nConnection: close\r\n"), out);
        assertEquals("ab", body(out));
    }

    @Test
    void http10NeverFlushedGetsContentLengthAndStaysOpenWhenAsked() throws Exception {
        String out = serve("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", ex -> write(ex, "ab"), true);
        assertTrue(head(out).contains("\r\nContent-Length: 2\r\n"), out);
        assertTrue(head(out).contains("\r\nConnection: keep-alive\r\n"), out);
    }

    @Test
    void headNeverFlushedSaysTheLengthTheBodyWouldHaveAndSendsNone() throws Exception {
        String out = serve("HEAD / HTTP/1.1\r\n\r\n", ex -> write(ex, "hello"), true);
        assertTrue(head(out).contains("\r\nContent-Length: 5\r\n"), out);
        assertEquals("", body(out));
    }

    @Test
    void headFlushedEarlyHasNeitherLengthNorChunksAndSendsNoBody() throws Exception {
        String out = serve("HEAD / HTTP/1.1\r\n\r\n", ex -> {
            write(ex, "he");
            ex.flush();
            write(ex, "llo");
        }, true);
        assertFalse(head(out).contains("Content-Length"), out);
        assertFalse(head(out).contains("Transfer-Encoding"), out);
        assertEquals("", body(out));
    }

    @Test
    void noBodyNorLengthFor204AndNoBodyFor304() throws Exception {
        String noContent = serve(GET, ex -> {
            ex.status(204);
            write(ex, "ignored");
        }, true);
        assertFalse(head(noContent).contains("Content-Length"), noContent);
        assertEquals("", body(noContent));
        String notModified = serve(GET, ex -> {
            ex.status(304);
            ex.flush();
            write(ex, "ignored");
        }, true);
        assertTrue(notModified.startsWith("HTTP/1.1 304 "), notModified);
        assertFalse(head(notModified).contains("Transfer-Encoding"), notModified);
        assertEquals("", body(notModified));
    }

    @Test
    void resetBeforeTheCommitForgetsStatusHeadersAndBody() throws Exception {
        String out = serve(GET, ex -> {
            ex.status(500);
            ex.headers().add("X-Gone", "1");
            ex.contentLength(99);
            write(ex, "partial error page");
            ex.reset();
            assertEquals(200, ex.status());
            assertEquals(-1, ex.contentLength());
            write(ex, "ok");
        }, true);
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertFalse(out.contains("X-Gone"), out);
        assertTrue(head(out).contains("\r\nContent-Length: 2\r\n"), out);
        assertEquals("ok", body(out));
    }

    @Test
    void afterTheCommitTheHeadIsFinalAndChangesAreRefused() throws Exception {
        List<String> refused = new ArrayList<>();
        String out = serve(GET, ex -> {
            ex.headers().add("X-App", "sent");
            ex.flush();
            for (Runnable change : List.<Runnable>of(() -> ex.status(404), () -> ex.contentLength(3), ex::reset,
                    () -> ex.headers().add("X-Late", "1"), () -> ex.headers().set("X-App", "changed"))) {
                refused.add(assertThrows(IllegalStateException.class, change::run).getMessage());
            }
            refused.add(assertThrows(IllegalStateException.class, () -> ex.send(Response.text(200, "x"))).getMessage());
            write(ex, "body");
        }, true);
        assertEquals(6, refused.size(), refused.toString());
        assertTrue(refused.get(0).contains("already sent"), refused.toString());
        assertFalse(out.contains("X-Late"), out);
        assertTrue(head(out).contains("\r\nX-App: sent\r\n"), out);
        assertEquals("4\r\nbody\r\n0\r\n\r\n", body(out));
    }

    @Test
    void sendAfterBodyBytesIsRefusedAndTheBodyStreamIsGoneAfterSend() throws Exception {
        String out = serve(GET, ex -> {
            write(ex, "x");
            assertThrows(IllegalStateException.class, () -> ex.send(Response.text(200, "y")));
            ex.reset();
            ex.send(Response.text(202, "sent"));
            assertTrue(ex.committed());
            assertThrows(IllegalStateException.class, ex::body);
        }, true);
        assertTrue(out.startsWith("HTTP/1.1 202 "), out);
        assertEquals("sent", body(out));
    }

    @Test
    void aFailureBeforeTheCommitIsA500() throws Exception {
        String out = serve(GET, ex -> {
            write(ex, "never sent");
            throw new IllegalStateException("boom");
        }, false);
        assertTrue(out.startsWith("HTTP/1.1 500 "), out);
        assertFalse(out.contains("never sent"), out);
        assertTrue(log.contains("app error: method=GET uri=/x"), log.lines.toString());
    }

    @Test
    void aFailureAfterTheCommitEndsTheConnectionWithoutTheLastChunk() throws Exception {
        String out = serve(GET + GET, ex -> {
            write(ex, "half");
            ex.flush();
            throw new IllegalStateException("boom");
        }, false);
        assertTrue(out.startsWith("HTTP/1.1 200 "), out);
        assertEquals("4\r\nhalf\r\n", body(out), "no last chunk: the client sees the body is cut");
        assertTrue(log.contains("app error: after the response began method=GET uri=/x"), log.lines.toString());
        assertEquals(List.of("200 4 null"), finished);
    }

    @Test
    void aBadFieldOrAnInterimStatusIsRefusedWith500WhenTheHeadGoesOut() throws Exception {
        String bad = serve(GET, ex -> {
            ex.headers().add("X-Bad", "a\r\nSet-Cookie: pwned=1");
            write(ex, "x");
        }, false);
        assertTrue(bad.startsWith("HTTP/1.1 500 "), bad);
        assertFalse(bad.contains("pwned"), bad);
        assertTrue(log.contains("response refused: rule=invalid-field-value"), log.lines.toString());
        String interim = serve(GET, ex -> {
            ex.status(103);
            write(ex, "x");
            IOException refused = assertThrows(IOException.class, ex::flush);
            assertTrue(refused.getMessage().contains("interim-status"), refused.getMessage());
        }, false);
        assertTrue(interim.startsWith("HTTP/1.1 500 "), interim);
        assertEquals(1, interim.split("HTTP/1.1 ", -1).length - 1, interim);
    }

    @Test
    void aLengthDeclaredTwiceDifferentlyIsRefused() throws Exception {
        String out = serve(GET, ex -> {
            ex.headers().add("Content-Length", "3");
            ex.contentLength(4);
            write(ex, "abcd");
        }, false);
        assertTrue(out.startsWith("HTTP/1.1 500 "), out);
        assertTrue(log.contains("rule=invalid-content-length"), log.lines.toString());
    }

    @Test
    void aShortBodyClosesTheConnectionAndALongOneIsCut() throws Exception {
        String shortBody = serve(GET, ex -> {
            ex.contentLength(10);
            write(ex, "abc");
        }, false);
        assertTrue(head(shortBody).contains("\r\nContent-Length: 10\r\n"), shortBody);
        assertTrue(log.contains("response length mismatch: declared=10 written=3"), log.lines.toString());
        String longBody = serve(GET, ex -> {
            ex.contentLength(3);
            write(ex, "abcdef");
        }, false);
        assertTrue(head(longBody).contains("\r\nContent-Length: 3\r\n"), longBody);
        assertEquals("abc", body(longBody));
        assertTrue(log.contains("declared=3 written=6 method=GET uri=/x peer=10.0.0.7:40000, excess not sent"),
                log.lines.toString());
    }

    @Test
    void keepsTheConnectionForTheNextRequestAndStartsEachExchangeAfresh() throws Exception {
        MemoryTransport t = new MemoryTransport(GET + "GET /y HTTP/1.1\r\n\r\n");
        Http1Connection c = Http1Connection.serving(ex -> {
            assertEquals(200, ex.status());
            assertTrue(ex.headers().isEmpty(), "a fresh head for each request");
            ex.headers().add("X-Path", ex.request().path());
            write(ex, ex.request().path());
        }, t, PEER, HttpConfig.defaults(), log, observer);
        assertTrue(c.serveOne(true));
        assertTrue(c.serveOne(true));
        String out = t.output();
        assertTrue(out.contains("X-Path: /x\r\n") && out.contains("X-Path: /y\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\n/y"), out);
    }

    @Test
    void aHeadSentEarlyBeforeTheBodyWasReadWithholds100ContinueAndCloses() throws Exception {
        String out = serve("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc", ex -> {
            write(ex, "early");
            ex.flush();
        }, false);
        assertFalse(out.contains("100 Continue"), out);
        assertTrue(head(out).contains("\r\nConnection: close\r\n"), "the client may never send its body: " + out);
    }

    @Test
    void anAppIsServedThroughTheExchangeAsItIs() throws Exception {
        String out = serve(GET, Handler.of(req -> Response.text(200, "fast").header("X-App", "app")), true);
        assertTrue(head(out).contains("\r\nContent-Length: 4\r\n"), out);
        assertEquals("fast", body(out));
        assertEquals(List.of("200 4 app"), finished);
        String none = serve(GET, Handler.of(req -> null), false);
        assertTrue(none.startsWith("HTTP/1.1 500 "), none);
        assertTrue(log.contains("app error: method=GET uri=/x") && log.contains("app returned null"), log.lines.toString());
    }

    @Test
    void theObserverGetsNoResponseWhenNothingWasCommitted() throws Exception {
        serve(GET, ex -> {
            throw new IOException("app's own I/O failed");
        }, false);
        assertEquals(List.of("500 26 -"), finished);
    }

    /** Decodes a chunked body (the tests' responses are ASCII). */
    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }
}
