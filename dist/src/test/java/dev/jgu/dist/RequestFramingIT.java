package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests a front end could read other than jgu does, against the real launcher and each
 * built-in worker class: a Transfer-Encoding that does not end in chunked gets 400 and a close,
 * and the request hidden after its body is never served; CONNECT gets 501 without reaching the
 * app, and nothing after it is read as HTTP; a raw non-ASCII request target gets 400 unless
 * {@code permit_non_ascii_target} is on; a body over {@code limit_request_body} gets 413, by its
 * Content-Length before the app runs or once its chunks pass the limit.
 */
class RequestFramingIT {

    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";
    private static final String NON_ASCII = "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

    private record Refused(String request, int status, String rule) {
    }

    private static final List<Refused> REFUSED = List.of(
            new Refused("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello"
                    + SMUGGLED, 400, "chunked-not-final"),
            new Refused("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: identity\r\n\r\n" + SMUGGLED, 400,
                    "chunked-not-final"),
            new Refused("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding:\r\nContent-Length: 5\r\n\r\nhello" + SMUGGLED,
                    400, "empty-transfer-coding"),
            new Refused("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: identity\r\n"
                    + "Content-Length: 5\r\n\r\nhello" + SMUGGLED, 400, "chunked-not-final"),
            new Refused("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n" + SMUGGLED, 501,
                    "connect-not-tunnelled"),
            new Refused(NON_ASCII, 400, "non-ascii-target"),
            // with --limit-request-body 100: refused before the app runs, and while it reads
            new Refused("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\n\r\n" + "x".repeat(101) + SMUGGLED, 413,
                    "content-length-over-limit"),
            new Refused("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + "x".repeat(100)
                    + "\r\n1\r\nx\r\n0\r\n\r\n" + SMUGGLED, 413, "chunked-body-over-limit"));

    @TempDir
    Path dir;

    private JguProcess start(String workerClass, String... more) throws Exception {
        Path home = Files.createDirectories(dir.resolve(workerClass));
        List<String> args = new java.util.ArrayList<>(List.of("-k", workerClass, "-w", "1", "-b", "127.0.0.1:0"));
        args.addAll(List.of(more));
        args.add("dev.jgu.testapps.Probe");
        return JguProcess.start(home, args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "gthread", "async"})
    void refusesWhatAFrontEndCouldReadAnotherWayAndClosesTheConnection(String workerClass) throws Exception {
        try (JguProcess jgu = start(workerClass, "--limit-request-body", "100")) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(1);
            HttpProbe.Reply atLimit = HttpProbe.send(address, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n"
                    + "Connection: close\r\n\r\n" + "y".repeat(100));
            assertEquals(200, atLimit.status(), "a body of exactly the limit is served: " + atLimit.head());
            for (Refused r : REFUSED) {
                // an answer that wrongly keeps the connection open ends at keep-alive (2 s), within this
                String raw = HttpProbe.exchange(address, r.request(), jgu.bounds.request().toMillis());
                String what = workerClass + ": " + r.rule() + "\n" + raw;
                assertTrue(raw.startsWith("HTTP/1.1 " + r.status() + " "), what);
                assertTrue(raw.contains("\r\nConnection: close\r\n"), what);
                assertEquals(1, JguProcess.count(raw, "HTTP/1.1 "), "one response, then the close: " + what);
                jgu.awaitLog("rule=" + r.rule(), 1, jgu.bounds.react());
            }
            assertEquals(200, HttpProbe.get(address, "/").status(), "the worker still serves");
        }
    }

    @Test
    void permitNonAsciiTargetLetsTheWorkersAcceptRawBytes() throws Exception {
        try (JguProcess jgu = start("gthread", "--permit-non-ascii-target")) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(1);
            HttpProbe.Reply reply = HttpProbe.send(address, NON_ASCII);
            assertEquals(200, reply.status(), reply.head());
            assertTrue(jgu.workerPids().contains(reply.pid()), reply.body());
        }
    }
}
