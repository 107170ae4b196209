package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request body as the app reads it (single bytes, arrays, across reads), when it asks for
 * {@code 100 Continue}, and what is drained when the app leaves it unread: at most
 * {@link Http1Connection#DRAIN_LIMIT} bytes, after which the connection closes.
 */
class RequestBodyTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);
    private static final int LIMIT = Http1Connection.DRAIN_LIMIT;

    private final RecordingLog log = new RecordingLog();
    private final List<String> served = new ArrayList<>();

    private Http1Connection connection(MemoryTransport t, App app) {
        return new Http1Connection(t, PEER, HttpConfig.defaults(), app, log, RequestObserver.NONE);
    }

    /** An app that records the uri and leaves the body unread. */
    private App ignoresTheBody() {
        return req -> {
            served.add(req.uri());
            return Response.of(204);
        };
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsSingleBytesAsUnsignedValuesUntilMinusOne() throws Exception {
        MemoryTransport t = new MemoryTransport(Parsing.bytes("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n"),
                new byte[] {(byte) 0xff, 0}, new byte[] {(byte) 0x80});
        List<Integer> bytes = new ArrayList<>();
        assertTrue(connection(t, req -> {
            InputStream in = req.body();
            for (int b = in.read(); b != -1; b = in.read()) {
                bytes.add(b);
            }
            bytes.add(in.read());
            return Response.of(204);
        }).serveOne(true));
        assertEquals(List.of(255, 0, 128, -1), bytes);
    }

    @Test
    void readsIntoTheGivenRangeOfTheArray() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n", "ab", "cd");
        List<String> reads = new ArrayList<>();
        assertTrue(connection(t, req -> {
            InputStream in = req.body();
            byte[] b = new byte[8];
            assertEquals(0, in.read(b, 1, 0), "an empty read reads nothing");
            assertThrows(IndexOutOfBoundsException.class, () -> in.read(b, 7, 2));
            int n;
            int off = 1;
            while ((n = in.read(b, off, 7 - off)) > 0) {
                reads.add(n + ":" + text(b).substring(off, off + n));
                off += n;
            }
            reads.add(Integer.toString(n));
            return Response.of(204);
        }).serveOne(true));
        assertEquals(List.of("2:ab", "2:cd", "-1"), reads);
    }

    @Test
    void saysWhetherBodyBytesAreBufferedWithoutBlocking() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab",
                "cdGET /next HTTP/1.1\r\n\r\n");
        List<Integer> available = new ArrayList<>();
        Http1Connection c = connection(t, req -> {
            InputStream in = req.body();
            available.add(in.available());
            in.readNBytes(2);
            available.add(in.available());
            in.readNBytes(2);
            available.add(in.available());
            return Response.of(204);
        });
        assertTrue(c.serveOne(true));
        assertEquals(List.of(1, 0, 0), available, "the next request's bytes are not the body's");
        MemoryTransport none = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        assertTrue(connection(none, req -> Response.of(200 + req.body().available())).serveOne(true));
        assertTrue(none.output().startsWith("HTTP/1.1 200 "), none.output());
    }

    @Test
    void keepsFailingAfterAFramingError() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX");
        List<Object> errors = new ArrayList<>();
        assertFalse(connection(t, req -> {
            InputStream in = req.body();
            byte[] b = new byte[8];
            errors.add(assertThrows(HttpException.class, () -> in.readNBytes(b, 0, 8)));
            errors.add(assertThrows(HttpException.class, () -> in.read(b, 0, 8)));
            errors.add(assertThrows(HttpException.class, () -> in.read(b, 0, 0)));
            return Response.of(200);
        }).serveOne(true));
        assertSame(errors.get(0), errors.get(1));
        assertSame(errors.get(0), errors.get(2));
        assertEquals("chunk-data-without-crlf", ((HttpException) errors.get(0)).rule());
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
    }

    @Test
    void failsWhenTheClientClosesInsideAContentLengthBody() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab");
        List<String> rules = new ArrayList<>();
        assertFalse(connection(t, req -> {
            rules.add(assertThrows(HttpException.class, () -> req.body().readAllBytes()).rule());
            return Response.of(200);
        }).serveOne(true));
        assertEquals(List.of("eof-in-body"), rules);
    }

    @Test
    void sendsContinueOnlyWhenAskedAndOnlyOnce() throws Exception {
        MemoryTransport plain = new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n", "a", "b");
        assertTrue(connection(plain, req -> Response.text(200, text(req.body().readAllBytes()))).serveOne(true));
        assertTrue(plain.output().startsWith("HTTP/1.1 200 OK\r\n"), plain.output());
        MemoryTransport expect = new MemoryTransport(
                "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", "a", "b");
        assertTrue(connection(expect, req -> {
            InputStream in = req.body();
            in.read(new byte[1], 0, 0);
            String body = (char) in.read() + "" + (char) in.read();
            return Response.text(200, body);
        }).serveOne(true));
        String out = expect.output();
        assertTrue(out.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), out);
        assertEquals(1, out.split("100 Continue", -1).length - 1, out);
        assertTrue(out.endsWith("\r\n\r\nab"), out);
    }

    @Test
    void sendsContinueAfterAStreamedResponseOnTheSameConnection() throws Exception {
        MemoryTransport t = new MemoryTransport("GET /stream HTTP/1.1\r\n\r\n",
                "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n", "x");
        Http1Connection c = connection(t, req -> req.uri().equals("/stream")
                ? Response.of(200).stream(out -> {
                    out.write('s');
                    out.flush();
                })
                : Response.text(200, text(req.body().readAllBytes())));
        assertTrue(c.serveOne(true));
        assertTrue(c.serveOne(true));
        assertTrue(t.output().contains("0\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), t.output());
    }

    @Test
    void drainsAnUnreadBodyOfExactlyTheLimit() throws Exception {
        MemoryTransport t = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: " + LIMIT + "\r\n\r\n",
                "x".repeat(LIMIT) + "GET /b HTTP/1.1\r\n\r\n");
        Http1Connection c = connection(t, ignoresTheBody());
        assertTrue(c.serveOne(true));
        assertTrue(c.serveOne(true));
        assertEquals(List.of("/a", "/b"), served);
        assertFalse(t.output().contains("Connection: close"), t.output());
    }

    @Test
    void closesInsteadOfDrainingOneByteMoreThanTheLimit() throws Exception {
        MemoryTransport t = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n",
                "x".repeat(LIMIT + 1) + "GET /b HTTP/1.1\r\n\r\n");
        assertFalse(connection(t, ignoresTheBody()).serveOne(true));
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
    }

    @Test
    void keepsALargerBodyTheAppReadConnectionAlive() throws Exception {
        MemoryTransport t = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n",
                "x".repeat(LIMIT + 1) + "GET /b HTTP/1.1\r\n\r\n");
        Http1Connection c = connection(t, req -> Response.text(200, Integer.toString(req.body().readAllBytes().length)));
        assertTrue(c.serveOne(true));
        assertTrue(c.serveOne(true));
        assertTrue(t.output().contains("\r\n\r\n" + (LIMIT + 1) + "HTTP/1.1 200 "), t.output());
    }

    @Test
    void drainsAChunkedBodyUpToTheLimitAndClosesBeyondIt() throws Exception {
        String head = "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        String next = "GET /b HTTP/1.1\r\n\r\n";
        MemoryTransport atLimit = new MemoryTransport(head, "8000\r\n" + "x".repeat(0x8000) + "\r\n",
                "8000\r\n" + "y".repeat(0x8000) + "\r\n0\r\n\r\n" + next);
        Http1Connection c = connection(atLimit, ignoresTheBody());
        assertTrue(c.serveOne(true));
        assertTrue(c.serveOne(true));
        assertEquals(List.of("/a", "/b"), served);
        MemoryTransport beyond = new MemoryTransport(head, "8000\r\n" + "x".repeat(0x8000) + "\r\n",
                "8001\r\n" + "y".repeat(0x8001) + "\r\n0\r\n\r\n" + next);
        assertFalse(connection(beyond, ignoresTheBody()).serveOne(true));
        assertEquals(List.of("/a", "/b", "/a"), served);
    }

    @Test
    void drainsABodyThatArrivesOverSeveralReads() throws Exception {
        MemoryTransport t = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: 6\r\n\r\n", "ab", "cd", "ef",
                "GET /b HTTP/1.1\r\n\r\n");
        Http1Connection c = connection(t, ignoresTheBody());
        assertTrue(c.serveOne(true));
        assertFalse(c.unreadInput());
        assertTrue(c.serveOne(true));
        assertEquals(List.of("/a", "/b"), served);
        assertFalse(log.contains("rejected"), log.lines.toString());
    }

    @Test
    void endsTheConnectionWhenTheClientClosesWhileTheBodyIsDrained() throws Exception {
        MemoryTransport length = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\n", "abc");
        Http1Connection c = connection(length, ignoresTheBody());
        c.serveOne(true);
        assertFalse(c.serveOne(true), "nothing can follow the client's close");
        assertTrue(length.output().startsWith("HTTP/1.1 204 "), length.output());
        MemoryTransport chunked = new MemoryTransport("POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "5\r\nab");
        assertFalse(connection(chunked, ignoresTheBody()).serveOne(true));
        assertTrue(log.contains("INFO request body invalid after response: status=400 error=NoMoreData"
                + " rule=eof-in-chunked-body method=POST uri=/b peer=10.0.0.7:40000"), log.lines.toString());
    }

    @Test
    void closesAfterAFramingErrorFoundWhileDraining() throws Exception {
        MemoryTransport t = new MemoryTransport("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1x\r\n",
                "GET /b HTTP/1.1\r\n\r\n");
        Http1Connection c = connection(t, ignoresTheBody());
        assertFalse(c.serveOne(true));
        assertEquals(List.of("/a"), served);
        assertTrue(c.unreadInput());
        assertTrue(log.contains("rule=chunk-size-not-hex"), log.lines.toString());
    }

    @Test
    void readsNothingOfAnEmptyBody() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
        List<Integer> reads = new ArrayList<>();
        Http1Connection c = connection(t, req -> {
            reads.add(req.body().read());
            reads.add(req.body().available());
            return Response.of(204);
        });
        assertTrue(c.serveOne(true));
        assertEquals(List.of(-1, 0), reads);
        assertTrue(c.hasBufferedInput());
    }
}
