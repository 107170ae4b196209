package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
        assertTrue(log.contains("ERROR response file unreadable: file=" + dir.resolve("missing")
                + " method=GET uri=/ peer=10.0.0.7:40000, sending 500"), log.lines.toString());
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

    @Test
    void answersErrorsWithAShortPlainTextBodyAndClose() throws Exception {
        String out = serve("GET bad HTTP/1.1\r\n\r\n", req -> Response.of(200), false);
        assertTrue(out.startsWith("HTTP/1.1 400 Bad Request\r\nServer: jgu\r\nDate: "), out);
        assertTrue(out.endsWith(" GMT\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 16\r\n"
                + "Connection: close\r\n\r\n400 Bad Request\n"), out);
    }

    @Test
    void declaresTheLengthOfAnEmptyBody() throws Exception {
        assertTrue(serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200), true).contains("\r\nContent-Length: 0\r\n"));
        String notModified = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(304).header("Content-Length", "0"), true);
        assertTrue(notModified.contains("\r\nContent-Length: 0\r\n"), notModified);
    }

    @Test
    void sendsNothingOfABodyDeclaredEmpty() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.text(200, "abc").header("Content-Length", "0"), false);
        assertTrue(out.contains("\r\nContent-Length: 0\r\n"), out);
        assertTrue(out.contains("\r\nConnection: close\r\n"), out);
        assertEquals("", body(out));
        assertTrue(log.contains("ERROR response length mismatch: declared=0 actual=3 method=GET uri=/ peer=10.0.0.7:40000,"
                + " closing after it"), log.lines.toString());
    }

    @Test
    void sendsALargeBodyWhole() throws Exception {
        String large = "0123456789".repeat(2000);
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.text(200, large), true);
        assertTrue(out.contains("\r\nContent-Length: 20000\r\n"), out);
        assertEquals(large, body(out));
    }

    @Test
    void sendsAFileOnlyAsFarAsItsDeclaredLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "abcde");
        String empty = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200).file(file).header("Content-Length", "0"),
                false);
        assertTrue(empty.contains("\r\nContent-Length: 0\r\n"), empty);
        assertEquals("", body(empty));
        String shorter = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200).file(file).header("Content-Length", "3"),
                false);
        assertEquals("abc", body(shorter));
        assertTrue(shorter.contains("\r\nConnection: close\r\n"), shorter);
        assertTrue(log.contains("ERROR response length mismatch: declared=3 file=5 method=GET uri=/ peer=10.0.0.7:40000,"
                + " closing after it"), log.lines.toString());
        Path large = dir.resolve("large.txt");
        Files.writeString(large, "x".repeat(5000) + "y".repeat(5000));
        String half = serve("GET / HTTP/1.1\r\n\r\n",
                req -> Response.of(200).file(large).header("Content-Length", "5000"), false);
        assertEquals("x".repeat(5000), body(half));
    }

    @Test
    void answersHeadForAFileWithItsDeclaredLengthAndKeepsTheConnection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "abcde");
        String out = serve("HEAD / HTTP/1.1\r\n\r\n", req -> Response.of(200).file(file).header("Content-Length", "3"),
                true);
        assertTrue(out.contains("\r\nContent-Length: 3\r\n"), out);
        assertEquals("", body(out));
        assertTrue(log.lines.isEmpty(), log.lines.toString());
    }

    @Test
    void closesWhenTheFileShrinksWhileItIsSent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "0123456789");
        MemoryTransport in = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        Transport shrinking = new Transport() {
            @Override
            public int read(java.nio.ByteBuffer dst) {
                return in.read(dst);
            }

            @Override
            public int read(java.nio.ByteBuffer dst, long deadline) {
                return in.read(dst);
            }

            @Override
            public void write(java.nio.ByteBuffer src) {
                in.write(src);
            }

            @Override
            public long transferFrom(java.nio.channels.FileChannel f, long position, long count) throws IOException {
                if (position == 0) {
                    Files.writeString(file, "01"); // another process truncates the file
                }
                return in.transferFrom(f, position, count);
            }
        };
        Http1Connection c = new Http1Connection(shrinking, PEER, HttpConfig.defaults(), req -> Response.of(200).file(file),
                log, RequestObserver.NONE);
        assertFalse(c.serveOne(true));
        assertTrue(in.output().contains("\r\nContent-Length: 10\r\n"), in.output());
        assertEquals("01", body(in.output()));
        assertTrue(log.contains("ERROR response file shrank: file=" + file + " sent=2 expected=10 method=GET uri=/"
                + " peer=10.0.0.7:40000, closing"), log.lines.toString());
    }

    @Test
    void sendsOnlyTheHeadOfAStreamedAnswerToHead() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        String out = serve("HEAD / HTTP/1.1\r\n\r\n", req -> Response.of(200).stream(o -> {
            runs.incrementAndGet();
            o.write('x');
        }), true);
        assertEquals("", body(out));
        assertFalse(out.contains("chunked"), out);
        assertEquals(0, runs.get(), "the body is never produced");
        String closing = serve("HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n", req -> Response.of(200).stream(o -> {
        }), false);
        assertTrue(closing.contains("\r\nConnection: close\r\n"), closing);
    }

    @Test
    void keepsTheConnectionForAStreamDeclaredEmpty() throws Exception {
        String out = serve("GET / HTTP/1.1\r\n\r\n", req -> Response.of(200).header("Content-Length", "0").stream(o -> {
        }), true);
        assertTrue(out.contains("\r\nContent-Length: 0\r\n"), out);
        assertFalse(out.contains("chunked"), out);
        assertEquals("", body(out));
    }

    @Test
    void reportsOnlyTheStreamedBytesThatWereSent() throws Exception {
        assertEquals(3, streamedBytes("3", "abcdef"));
        assertTrue(log.contains("declared=3 written=6 method=GET uri=/ peer=10.0.0.7:40000, excess not sent, closing"),
                log.lines.toString());
        assertEquals(0, streamedBytes("0", "ab"));
        assertEquals(6, streamedBytes(null, "abcdef"));
        assertEquals(2, streamedBytes("4", "ab"));
        assertTrue(log.contains("declared=4 written=2 method=GET uri=/ peer=10.0.0.7:40000, closing"), log.lines.toString());
    }

    private long streamedBytes(String declared, String written) throws Exception {
        AtomicLong bytes = new AtomicLong(-1);
        RequestObserver observer = new RequestObserver() {
            @Override
            public void requestFinished(dev.jgu.spi.Request request, Response response, int status, long sent,
                    long nanos) {
                bytes.set(sent);
            }
        };
        Response r = Response.of(200).stream(o -> o.write(written.getBytes(StandardCharsets.US_ASCII)));
        if (declared != null) {
            r.header("Content-Length", declared);
        }
        new Http1Connection(new MemoryTransport("GET / HTTP/1.1\r\n\r\n"), PEER, HttpConfig.defaults(), req -> r, log,
                observer).serveOne(true);
        return bytes.get();
    }
}
