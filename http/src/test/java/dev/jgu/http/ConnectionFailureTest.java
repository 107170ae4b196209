package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a connection does when something fails: the client (a cut head, a reset), the socket
 * (a write error), the app (a fatal error, no response) or the codec itself. Each costs at
 * most the connection, is logged with the peer, and never the worker thread, except the JVM's
 * own fatal errors, which are the worker's to handle.
 */
class ConnectionFailureTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);
    private static final ConnectionInfo UNIX = new ConnectionInfo("", 0, "localhost", 0, true);
    private static final App OK = req -> Response.text(200, "ok");

    private final RecordingLog log = new RecordingLog();

    private Http1Connection connection(Transport t, ConnectionInfo peer, App app) {
        return new Http1Connection(t, peer, HttpConfig.defaults(), app, log, RequestObserver.NONE);
    }

    private Http1Connection connection(Transport t, App app) {
        return connection(t, PEER, app);
    }

    /** Reads as {@code in} does; every write fails with {@code failure}. */
    private static Transport failingWrites(MemoryTransport in, RuntimeException bug) {
        return new Transport() {
            @Override
            public int read(ByteBuffer dst) {
                return in.read(dst);
            }

            @Override
            public int read(ByteBuffer dst, long deadline) {
                return in.read(dst);
            }

            @Override
            public void write(ByteBuffer src) throws IOException {
                if (bug != null) {
                    throw bug;
                }
                throw new IOException("broken pipe");
            }

            @Override
            public long transferFrom(FileChannel file, long position, long count) throws IOException {
                throw new IOException("broken pipe");
            }
        };
    }

    @Test
    void answersAHeadCutShortWith400() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\nHost: a\r\n");
        assertFalse(connection(t, OK).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 400 Bad Request\r\n"), t.output());
        assertTrue(log.contains("INFO request rejected: status=400 error=NoMoreData rule=eof-in-request-head"
                + " peer=10.0.0.7:40000"), log.lines.toString());
    }

    @Test
    void closesQuietlyWhenTheClientLeavesBetweenRequests() throws Exception {
        MemoryTransport t = new MemoryTransport("\r\n\r\n");
        assertFalse(connection(t, OK).serveOne(true));
        assertEquals("", t.output());
        assertTrue(log.lines.isEmpty(), log.lines.toString());
    }

    @Test
    void namesAUnixPeerInTheLog() throws Exception {
        assertFalse(connection(new MemoryTransport("GET bad HTTP/1.1\r\n\r\n"), UNIX, OK).serveOne(true));
        assertTrue(log.contains("rule=relative-target peer=unix"), log.lines.toString());
    }

    @Test
    void endsTheConnectionOnAReadError() throws Exception {
        Transport reset = new Transport() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(ByteBuffer dst, long deadline) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public void write(ByteBuffer src) {
                throw new AssertionError("nothing to answer");
            }

            @Override
            public long transferFrom(FileChannel file, long position, long count) {
                throw new AssertionError("nothing to answer");
            }
        };
        assertFalse(connection(reset, OK).serveOne(true));
        assertEquals(List.of("DEBUG connection error: peer=10.0.0.7:40000 error=java.io.IOException: connection reset"),
                log.lines);
    }

    @Test
    void endsTheConnectionWhenTheResponseCannotBeWritten() throws Exception {
        assertFalse(connection(failingWrites(new MemoryTransport("GET / HTTP/1.1\r\n\r\n"), null), OK).serveOne(true));
        assertEquals(List.of("DEBUG connection error: peer=10.0.0.7:40000 error=java.io.IOException: broken pipe"),
                log.lines);
    }

    @Test
    void endsTheConnectionWhenAnErrorAnswerCannotBeWritten() throws Exception {
        Http1Connection c = connection(failingWrites(new MemoryTransport("GET bad HTTP/1.1\r\n\r\n"), null), OK);
        assertFalse(c.serveOne(true));
        assertTrue(log.contains("INFO request rejected: status=400"), log.lines.toString());
        assertTrue(log.contains("DEBUG connection error: peer=10.0.0.7:40000 error=java.io.IOException: broken pipe"),
                log.lines.toString());
        assertTrue(c.unreadInput());
    }

    @Test
    void aBugWhileAnsweringCostsTheConnectionNotTheThread() throws Exception {
        Transport buggy = failingWrites(new MemoryTransport("GET /x HTTP/1.1\r\n\r\n"), new IllegalStateException("bug"));
        assertFalse(connection(buggy, OK).serveOne(true));
        assertTrue(log.contains("ERROR response error: method=GET uri=/x peer=10.0.0.7:40000"
                + " cause=java.lang.IllegalStateException: bug"), log.lines.toString());
    }

    @Test
    void answers500WhenTheAppReturnsNoResponse() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        assertFalse(connection(t, req -> null).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 500 Internal Server Error\r\n"), t.output());
        assertTrue(log.contains("app error: method=GET uri=/ peer=10.0.0.7:40000"
                + " cause=java.lang.IllegalStateException: app returned null"), log.lines.toString());
    }

    @Test
    void answers500ToAnAppThatOverflowsItsStack() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        assertFalse(connection(t, req -> {
            throw new StackOverflowError();
        }).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 500 "), t.output());
    }

    @Test
    void letsTheJvmsFatalErrorsThrough() {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        OutOfMemoryError oom = new OutOfMemoryError("test");
        Http1Connection c = connection(t, req -> {
            throw oom;
        });
        assertEquals(oom, assertThrows(OutOfMemoryError.class, () -> c.serveOne(true)));
        assertEquals("", t.output(), "a worker out of memory answers nothing");
    }

    @Test
    void answersTheBodyErrorWhenTheAppFailsOnIt() throws Exception {
        MemoryTransport t = new MemoryTransport("POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertFalse(connection(t, req -> {
            req.body().readAllBytes();
            return Response.of(200);
        }).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 400 Bad Request\r\n"), t.output());
        assertTrue(log.contains("INFO request rejected: status=400 error=InvalidChunkSize rule=chunk-size-missing"
                + " method=POST uri=/up peer=10.0.0.7:40000"), log.lines.toString());
        assertFalse(log.contains("app error"), log.lines.toString());
    }

    @Test
    void forgetsBufferedInputWhenClosed() throws Exception {
        Http1Connection c = connection(new MemoryTransport("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n"), OK);
        assertTrue(c.serveOne(true));
        assertTrue(c.hasBufferedInput());
        c.close();
        assertFalse(c.hasBufferedInput());
    }
}
