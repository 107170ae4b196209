package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import org.junit.jupiter.api.Test;

/**
 * When the codec says the client's bytes may be left unread, so that the worker closes
 * lingeringly (a close with unread bytes resets the connection, and the response with it),
 * when a next request may wait in the socket (the worker looks), and when a close may be
 * immediate.
 */
class UnreadInputTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);
    private static final App IGNORES_THE_BODY = req -> Response.text(200, "ok");
    private static final App READS_THE_BODY = req -> Response.text(200, new String(req.body().readAllBytes()));

    private static Http1Connection connection(MemoryTransport t, App app) {
        return new Http1Connection(t, PEER, HttpConfig.defaults(), app, new RecordingLog(), RequestObserver.NONE);
    }

    @Test
    void afterABadRequestLine() throws Exception {
        Http1Connection c = connection(new MemoryTransport("GET /\u0001 HTTP/1.1\r\n"), IGNORES_THE_BODY);
        assertFalse(c.serveOne(true));
        assertTrue(c.unreadInput(), "the rest of the request may be on its way");
    }

    @Test
    void afterEveryErrorTheHeadEarns() throws Exception {
        for (String request : new String[] {
                "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n",
                "PUT / HTTP/1.1\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx",
                "POST / HTTP/1.1\r\nTransfer-Encoding: zstd, chunked\r\n\r\n"}) {
            MemoryTransport t = new MemoryTransport(request);
            Http1Connection c = connection(t, IGNORES_THE_BODY);
            assertFalse(c.serveOne(true));
            assertTrue(t.output().startsWith("HTTP/1.1 4") || t.output().startsWith("HTTP/1.1 5"), t.output());
            assertTrue(c.unreadInput(), request);
        }
    }

    @Test
    void afterAFramingErrorFoundWhileTheAppReadsTheBody() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        Http1Connection c = connection(t, READS_THE_BODY);
        assertFalse(c.serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 400 "), t.output());
        assertTrue(c.unreadInput());
    }

    @Test
    void afterABodyBeyondTheDrainLimitThatTheAppLeftUnread() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n", "x".repeat(4000));
        Http1Connection c = connection(t, IGNORES_THE_BODY);
        assertFalse(c.serveOne(true));
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
        assertTrue(c.unreadInput());
    }

    @Test
    void afterAnAppErrorWithTheBodyUnread() throws Exception {
        Http1Connection c = connection(new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"), req -> {
            throw new IllegalStateException("boom");
        });
        assertFalse(c.serveOne(true));
        assertTrue(c.unreadInput());
    }

    @Test
    void afterAWithheldContinue() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        Http1Connection c = connection(t, req -> Response.text(413, "no"));
        assertFalse(c.serveOne(true));
        assertTrue(c.unreadInput(), "a client may send the body without waiting for 100 Continue");
    }

    @Test
    void whenTheWorkerClosesWithTheBodyOrANextRequestUnread() throws Exception {
        Http1Connection body = connection(new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"),
                IGNORES_THE_BODY);
        assertFalse(body.serveOne(false));
        assertTrue(body.unreadInput(), "a closing connection does not drain");
        Http1Connection pipelined = connection(new MemoryTransport("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n"),
                IGNORES_THE_BODY);
        assertFalse(pipelined.serveOne(false));
        assertTrue(pipelined.unreadInput());
    }

    @Test
    void notAfterACompleteRequestThatCloses() throws Exception {
        Http1Connection http10 = connection(new MemoryTransport("GET / HTTP/1.0\r\n\r\n"), IGNORES_THE_BODY);
        assertFalse(http10.serveOne(true));
        assertFalse(http10.unreadInput());
        Http1Connection read = connection(new MemoryTransport(
                "POST / HTTP/1.1\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello"), READS_THE_BODY);
        assertFalse(read.serveOne(true));
        assertFalse(read.unreadInput());
        Http1Connection appError = connection(new MemoryTransport("GET / HTTP/1.1\r\n\r\n"), req -> {
            throw new IllegalStateException("boom");
        });
        assertFalse(appError.serveOne(true));
        assertFalse(appError.unreadInput(), "a 500 after a request read to its end");
    }

    @Test
    void notWhenAKeptAliveConnectionGoesIdleOrEnds() throws Exception {
        Http1Connection c = connection(new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"),
                IGNORES_THE_BODY);
        assertTrue(c.serveOne(true));
        assertFalse(c.unreadInput(), "the small body was drained");
        assertFalse(c.serveOne(true), "clean EOF");
        assertFalse(c.unreadInput());
    }

    @Test
    void aKeptAliveClientMayHaveSentANextRequestWhenTheWorkerCloses() throws Exception {
        for (String request : new String[] {
                "GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"}) {
            Http1Connection c = connection(new MemoryTransport(request), IGNORES_THE_BODY);
            assertFalse(c.serveOne(false));
            assertFalse(c.unreadInput(), request);
            assertTrue(c.mayPipeline(), request);
        }
    }

    @Test
    void nothingFollowsARequestThatSaidItWasTheLast() throws Exception {
        for (String request : new String[] {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"}) {
            Http1Connection c = connection(new MemoryTransport(request), IGNORES_THE_BODY);
            assertFalse(c.serveOne(true));
            assertFalse(c.mayPipeline(), request);
        }
    }

    @Test
    void nothingFollowsTheClientsEof() throws Exception {
        Http1Connection c = connection(new MemoryTransport("GET / HTTP/1.1\r\n\r\n"), IGNORES_THE_BODY);
        assertTrue(c.serveOne(true));
        assertTrue(c.mayPipeline());
        assertFalse(c.serveOne(true), "clean EOF");
        assertFalse(c.mayPipeline());
        assertFalse(c.unreadInput());
    }
}
