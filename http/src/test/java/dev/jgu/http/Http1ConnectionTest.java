package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
    void aBodyOverLimitRequestBodyGets413AndTheAppNeverSeesALengthOverIt() throws Exception {
        HttpConfig limited = HttpConfig.builder().limitRequestBody(10).build();
        AtomicInteger calls = new AtomicInteger();
        App counting = req -> {
            calls.incrementAndGet();
            return ECHO.handle(req);
        };
        MemoryTransport over = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
        assertFalse(new Http1Connection(over, PEER, limited, counting, log, RequestObserver.NONE).serveOne(true));
        assertTrue(over.output().startsWith("HTTP/1.1 413 "), over.output());
        assertFalse(over.output().contains("100 Continue"), "no 100 Continue for a body that will be refused: " + over.output());
        assertEquals(0, calls.get(), "the app never ran");
        assertTrue(log.contains("LimitRequestBody"), log.lines.toString());

        MemoryTransport at = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789");
        assertTrue(new Http1Connection(at, PEER, limited, counting, log, RequestObserver.NONE).serveOne(true));
        assertTrue(at.output().endsWith("POST /a 0123456789"), "exactly the limit is fine: " + at.output());

        MemoryTransport chunked = new MemoryTransport("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n012345\r\n5\r\n6789A\r\n0\r\n\r\n");
        assertFalse(new Http1Connection(chunked, PEER, limited, counting, log, RequestObserver.NONE).serveOne(true));
        assertTrue(chunked.output().startsWith("HTTP/1.1 413 "), "the chunk that passes the limit: " + chunked.output());

        MemoryTransport chunkedAt = new MemoryTransport("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n");
        assertTrue(new Http1Connection(chunkedAt, PEER, limited, counting, log, RequestObserver.NONE).serveOne(true));
        assertTrue(chunkedAt.output().endsWith("POST /c 0123456789"), chunkedAt.output());

        MemoryTransport unlimited = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: 11\r\n\r\n0123456789A");
        assertTrue(connection(unlimited, ECHO).serveOne(true), "0, the default, is no limit");
    }

    @Test
    void closesWhenTheWorkerBeganStoppingWhileTheAppRan() throws Exception {
        MemoryTransport t = new MemoryTransport("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
        java.util.concurrent.atomic.AtomicBoolean alive = new java.util.concurrent.atomic.AtomicBoolean(true);
        Http1Connection c = connection(t, req -> {
            alive.set(false); // a TERM or the max_requests limit arrives while the app runs
            return Response.text(200, "ok");
        });
        assertFalse(c.serveOne(alive::get), "the worker will not take another request on this connection");
        String out = t.output();
        assertTrue(out.contains("\r\nConnection: close\r\n"), out);
        assertEquals(1, out.split("HTTP/1.1 200").length - 1, "the pipelined second request is not served: " + out);
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

    @Test
    void sendsContinueBeforeTheAppFirstReadsTheBody() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n",
                "ok");
        assertTrue(connection(t, ECHO).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), t.output());
    }

    @Test
    void withholdsContinueAndClosesWhenTheAppIgnoresTheBody() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        assertFalse(connection(t, req -> Response.text(413, "no")).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 413 Content Too Large\r\n"), t.output());
        assertFalse(t.output().contains("100 Continue"), t.output());
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
    }

    @Test
    void answersUnknownExpectationWith417() throws Exception {
        MemoryTransport t = new MemoryTransport("PUT / HTTP/1.1\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\nx");
        AtomicInteger calls = new AtomicInteger();
        assertFalse(connection(t, req -> {
            calls.incrementAndGet();
            return Response.of(200);
        }).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 417 Expectation Failed\r\n"), t.output());
        assertEquals(0, calls.get());
        assertTrue(log.contains("error=ExpectationFailed rule=unsupported-expectation"), log.lines.toString());
    }

    @Test
    void answersUnknownTransferCodingWith501() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nTransfer-Encoding: zstd, chunked\r\n\r\n");
        assertFalse(connection(t, ECHO).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 501 Not Implemented\r\n"), t.output());
    }

    @Test
    void answersConnectItselfWith501AndCloses() throws Exception {
        for (String connect : List.of("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                "CONNECT [::1]:8443 HTTP/1.1\r\n\r\n", "CONNECT example.com:443 HTTP/1.0\r\n\r\n")) {
            MemoryTransport t = new MemoryTransport(connect, "GET /inside-the-tunnel HTTP/1.1\r\n\r\n");
            List<String> seen = new ArrayList<>();
            Http1Connection c = connection(t, req -> {
                seen.add(req.method() + " " + req.uri());
                return Response.of(200); // what an app that knows nothing of tunnels answers
            });
            assertFalse(c.serveOne(true), connect);
            assertEquals(List.of(), seen, "the app is never called for CONNECT");
            String out = t.output();
            assertTrue(out.startsWith("HTTP/1.1 501 Not Implemented\r\n"), out);
            assertTrue(out.contains("\r\nConnection: close\r\n"), out);
            assertEquals(1, out.split("HTTP/1.1 ", -1).length - 1, out);
        }
        assertTrue(log.contains("error=ConnectNotSupported rule=connect-not-tunnelled"), log.lines.toString());
    }

    @Test
    void refusesARawNonAsciiTargetWith400UnlessPermitted() throws Exception {
        String request = "GET /caf\u00c3\u00a9 HTTP/1.1\r\n\r\n";
        List<String> seen = new ArrayList<>();
        App app = req -> {
            seen.add(req.rawPath() + " " + req.path());
            return Response.of(204);
        };
        MemoryTransport refused = new MemoryTransport(request);
        assertFalse(connection(refused, app).serveOne(true));
        assertTrue(refused.output().startsWith("HTTP/1.1 400 Bad Request\r\n"), refused.output());
        assertTrue(log.contains("error=InvalidRequestLine rule=non-ascii-target"), log.lines.toString());
        assertEquals(List.of(), seen);
        new Http1Connection(new MemoryTransport(request), PEER, Parsing.config("permit_non_ascii_target", "true"), app,
                log, RequestObserver.NONE).serveOne(true);
        assertEquals(List.of("/caf\u00c3\u00a9 /caf\u00e9"), seen, "raw path byte for byte, decoded path as UTF-8");
    }

    @Test
    void mapsLimitsTo414And431() throws Exception {
        MemoryTransport line = new MemoryTransport("GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n");
        assertFalse(connection(line, ECHO).serveOne(true));
        assertTrue(line.output().startsWith("HTTP/1.1 414 URI Too Long\r\n"), line.output());
        MemoryTransport field = new MemoryTransport("GET / HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n");
        assertFalse(connection(field, ECHO).serveOne(true));
        assertTrue(field.output().startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), field.output());
    }

    @Test
    void neverServesPipelinedRequestsAfterAnError() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\nBad Header: x\r\n\r\nGET /second HTTP/1.1\r\n\r\n");
        AtomicInteger calls = new AtomicInteger();
        Http1Connection c = connection(t, req -> {
            calls.incrementAndGet();
            return Response.of(200);
        });
        assertFalse(c.serveOne(true));
        assertEquals(0, calls.get());
        assertEquals(1, t.output().split("HTTP/1.1 ", -1).length - 1, t.output());
        assertTrue(log.contains("rule=whitespace-before-colon"), log.lines.toString());
    }

    @Test
    void closesAfterAFramingErrorFoundWhileTheAppReadsTheBody() throws Exception {
        MemoryTransport t = new MemoryTransport(
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nGET /next HTTP/1.1\r\n\r\n");
        assertFalse(connection(t, ECHO).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 400 Bad Request\r\n"), t.output());
        assertTrue(log.contains("error=InvalidChunkSize"), log.lines.toString());
    }

    @Test
    void closesWhenTheAppSwallowsABodyError() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab");
        assertFalse(connection(t, req -> {
            try {
                req.body().readAllBytes();
            } catch (IOException e) {
                return Response.text(422, e.getMessage());
            }
            return Response.of(200);
        }).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 422 "), t.output());
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
    }

    @Test
    void failsTheBodyReadWhenAContentLengthBodyIsCutShort() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
        assertFalse(connection(t, ECHO).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 400 "), t.output());
    }

    @Test
    void drainsAnUnreadBodyBeforeTheNextRequest() throws Exception {
        MemoryTransport t = new MemoryTransport("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
                "GET /b HTTP/1.1\r\n\r\n");
        List<String> seen = new ArrayList<>();
        Http1Connection c = connection(t, req -> {
            seen.add(req.uri());
            return Response.of(204);
        });
        assertTrue(c.serveOne(true));
        assertTrue(c.serveOne(true));
        assertEquals(List.of("/a", "/b"), seen);
    }

    @Test
    void closesInsteadOfDrainingALargeUnreadBody() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n",
                "x".repeat(100000));
        assertFalse(connection(t, req -> Response.of(204)).serveOne(true));
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
        MemoryTransport chunked = new MemoryTransport("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "10000\r\n" + "x".repeat(0x10000) + "\r\n", "10\r\n" + "y".repeat(16) + "\r\n0\r\n\r\n");
        assertFalse(connection(chunked, req -> Response.of(204)).serveOne(true));
    }

    @Test
    void honoursTheCallersKeepAliveVeto() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        assertFalse(connection(t, ECHO).serveOne(false));
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
    }

    @Test
    void offersTheCgiEnviron() throws Exception {
        AtomicReference<Map<String, String>> env = new AtomicReference<>();
        MemoryTransport t = new MemoryTransport("POST /a%20b?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 0\r\nX-Multi: 1\r\nX-Multi: 2\r\n\r\n");
        connection(t, req -> {
            env.set(req.environ());
            return Response.of(204);
        }).serveOne(true);
        Map<String, String> e = env.get();
        assertEquals("POST", e.get("REQUEST_METHOD"));
        assertEquals("/a b", e.get("PATH_INFO"));
        assertEquals("x=1", e.get("QUERY_STRING"));
        assertEquals("/a%20b?x=1", e.get("RAW_URI"));
        assertEquals("HTTP/1.1", e.get("SERVER_PROTOCOL"));
        assertEquals("10.0.0.7", e.get("REMOTE_ADDR"));
        assertEquals("40000", e.get("REMOTE_PORT"));
        assertEquals("example.com", e.get("SERVER_NAME"));
        assertEquals("8080", e.get("SERVER_PORT"));
        assertEquals("", e.get("SCRIPT_NAME"));
        assertEquals("http", e.get("wsgi.url_scheme"));
        assertEquals("text/plain", e.get("CONTENT_TYPE"));
        assertEquals("0", e.get("CONTENT_LENGTH"));
        assertEquals("1,2", e.get("HTTP_X_MULTI"));
        assertEquals("example.com:8080", e.get("HTTP_HOST"));
    }

    @Test
    void takesTheClientAddressFromATrustedProxyHeader() throws Exception {
        AtomicReference<Request> seen = new AtomicReference<>();
        MemoryTransport t = new MemoryTransport("PROXY TCP4 203.0.113.5 10.0.0.1 5555 443\r\nGET / HTTP/1.1\r\n\r\n",
                "GET /again HTTP/1.1\r\n\r\n");
        ConnectionInfo proxyPeer = new ConnectionInfo("127.0.0.1", 1234, "127.0.0.1", 8000, false);
        Http1Connection c = new Http1Connection(t, proxyPeer,
                Parsing.config("proxy_protocol", "v1"), req -> {
                    seen.set(req);
                    return Response.of(204);
                }, log, RequestObserver.NONE);
        assertTrue(c.serveOne(true));
        assertEquals("203.0.113.5", seen.get().remoteAddress());
        assertEquals("10.0.0.1", seen.get().environ().get("PROXY_ADDR"));
        assertTrue(c.serveOne(true));
        assertEquals(5555, seen.get().remotePort(), "the PROXY header holds for the whole connection");
    }

    @Test
    void refusesProxyHeaderFromUntrustedPeerWith403() throws Exception {
        MemoryTransport t = new MemoryTransport("PROXY TCP4 203.0.113.5 10.0.0.1 5555 443\r\nGET / HTTP/1.1\r\n\r\n");
        Http1Connection c = new Http1Connection(t, PEER, Parsing.config("proxy_protocol", "auto"), ECHO, log,
                RequestObserver.NONE);
        assertFalse(c.serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 403 Forbidden\r\n"), t.output());
    }

    @Test
    void trustsUnixPeersAndForwardedAllowIpsForTheScheme() throws Exception {
        String request = "GET / HTTP/1.1\r\nX-Forwarded-Proto: https\r\n\r\n";
        assertEquals("https", scheme(new ConnectionInfo("", 0, "localhost", 0, true), HttpConfig.defaults(), request));
        assertEquals("http", scheme(PEER, HttpConfig.defaults(), request));
        assertEquals("https", scheme(PEER, Parsing.config("forwarded_allow_ips", "10.0.0.0/24"), request));
    }

    private String scheme(ConnectionInfo peer, HttpConfig config, String request) throws IOException {
        AtomicReference<String> scheme = new AtomicReference<>();
        new Http1Connection(new MemoryTransport(request), peer, config, req -> {
            scheme.set(req.scheme());
            return Response.of(204);
        }, log, RequestObserver.NONE).serveOne(true);
        return scheme.get();
    }

    @Test
    void reportsEachRequestToTheObserver() throws Exception {
        List<String> events = new ArrayList<>();
        RequestObserver observer = new RequestObserver() {
            @Override
            public void requestStarted(Request request) {
                events.add("start " + request.uri());
            }

            @Override
            public void requestFinished(Request request, Response response, int status, long bytes, long nanos) {
                events.add("end " + (request == null ? null : request.uri()) + " " + (response != null) + " " + status
                        + " " + bytes);
            }
        };
        MemoryTransport t = new MemoryTransport("GET /ok HTTP/1.1\r\n\r\nGET bad HTTP/1.1\r\n\r\n");
        Http1Connection c = new Http1Connection(t, PEER, HttpConfig.defaults(), req -> Response.text(200, "four"), log,
                observer);
        assertTrue(c.serveOne(true));
        assertFalse(c.serveOne(true));
        assertEquals(List.of("start /ok", "end /ok true 200 4", "end null false 400 " + "400 Bad Request\n".length()), events);
    }

    @Test
    void sendsContinueOnEveryRequestOfAConnection() throws Exception {
        String request = "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n";
        MemoryTransport t = new MemoryTransport(request, "a", request, "b");
        Http1Connection c = connection(t, ECHO);
        assertTrue(c.serveOne(true));
        assertTrue(c.serveOne(true));
        assertEquals(2, t.output().split("100 Continue", -1).length - 1, t.output());
    }

    @Test
    void neverSendsContinueInsideAStartedResponse() throws Exception {
        MemoryTransport t = new MemoryTransport("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n",
                "a");
        assertFalse(connection(t, req -> Response.of(200).stream(out -> {
            out.write('x');
            out.flush();
            out.write(req.body().readAllBytes());
        })).serveOne(true));
        assertFalse(t.output().contains("100 Continue"), t.output());
        assertTrue(t.output().endsWith("1\r\nx\r\n1\r\na\r\n0\r\n\r\n"), t.output());
    }

    @Test
    void survivesAnAppThatCorruptsItsHeaders() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\n\r\n");
        assertFalse(connection(t, req -> {
            Response r = Response.of(200);
            r.headers().add(null, "x");
            return r;
        }).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 500 "), t.output());
    }
}
