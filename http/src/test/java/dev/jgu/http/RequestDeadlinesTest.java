package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code header_timeout} and the body's progress deadline, on a fake clock (a broken deadline spins: hence the timeout). */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestDeadlinesTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);
    private static final String LINE = "GET /slow HTTP/1.1\r\n";
    private static final String FIELD = "X-Pad: slowloris\r\n";

    private final RecordingLog log = new RecordingLog();
    private final AtomicInteger calls = new AtomicInteger();
    private final App ok = req -> {
        calls.incrementAndGet();
        return Response.text(200, "ok");
    };

    private Http1Connection connection(PacedClockTransport t, HttpConfig config, App app) {
        return new Http1Connection(t, PEER, config, app, log, RequestObserver.NONE);
    }

    @Test
    void aHeadTricklingPastHeaderTimeoutGets408AndAClose() throws Exception {
        // a header line a second, never ending the head: the slowloris of issue 14
        PacedClockTransport t = new PacedClockTransport().then(0, LINE).repeat(50, 1000, FIELD);
        HttpConfig config = t.config().headerTimeout(Duration.ofSeconds(3)).build();
        long from = t.now;
        assertFalse(connection(t, config, ok).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 408 Request Timeout\r\n"), t.output());
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
        assertEquals(Duration.ofSeconds(3).toNanos(), t.now - from, "cut at header_timeout after the first byte");
        assertEquals(0, calls.get(), "the app never ran");
        assertTrue(log.contains("request rejected: status=408 error=RequestTimeout rule=header-timeout peer=10.0.0.7:40000"),
                log.lines.toString());
    }

    @Test
    void headerTimeoutCountsFromTheFirstByteNotFromTheWaitBeforeIt() throws Exception {
        // an idle wait of 10 s before the head (the worker class bounds it), then 2.5 s of head
        PacedClockTransport t = new PacedClockTransport().then(10_000, LINE).repeat(5, 500, FIELD).then(0, "\r\n");
        HttpConfig config = t.config().headerTimeout(Duration.ofSeconds(3)).build();
        assertTrue(connection(t, config, ok).serveOne(true), t.output());
        assertTrue(t.output().startsWith("HTTP/1.1 200 "), t.output());
    }

    @Test
    void headerTimeoutZeroLetsAHeadTakeAsLongAsItsReadsDo() throws Exception {
        PacedClockTransport t = new PacedClockTransport().then(0, LINE).repeat(60, 1000, FIELD).then(1000, "\r\n");
        HttpConfig config = t.config().headerTimeout(Duration.ZERO).build();
        assertTrue(connection(t, config, ok).serveOne(true), t.output());
        assertTrue(t.output().startsWith("HTTP/1.1 200 "), t.output());
    }

    @Test
    void aKeptAliveConnectionsNextHeadHasItsOwnHeaderTimeout() throws Exception {
        PacedClockTransport t = new PacedClockTransport()
                .then(0, LINE).repeat(2, 1000, FIELD).then(0, "\r\n")
                .then(5000, LINE).repeat(4, 1000, FIELD).then(0, "\r\n");
        HttpConfig config = t.config().headerTimeout(Duration.ofSeconds(3)).build();
        Http1Connection c = connection(t, config, ok);
        assertTrue(c.serveOne(true), t.output());
        assertFalse(c.serveOne(true), "4 s of the second head is past 3 s");
        assertTrue(t.output().contains("HTTP/1.1 408 "), t.output());
        assertEquals(1, calls.get());
    }

    @Test
    void headArrivedTakesWhatCameWithoutWaitingAndServeOneGoesOnFromIt() throws Exception {
        PacedClockTransport t = new PacedClockTransport().then(0, LINE).then(1000, FIELD).then(500, "\r\n");
        HttpConfig config = t.config().headerTimeout(Duration.ofSeconds(3)).build();
        Http1Connection c = connection(t, config, ok);
        long from = t.now;
        assertFalse(c.headArrived(), "the request line alone is no head");
        assertTrue(c.headBegun());
        assertEquals(from + Duration.ofSeconds(3).toNanos(), c.headDeadline());
        assertEquals(from, t.now, "a look at what came waits for nothing");
        t.now += Duration.ofSeconds(1).toNanos();
        assertFalse(c.headArrived(), "the poller looks as its selector says bytes came: not all of them yet");
        t.now += Duration.ofMillis(500).toNanos();
        assertTrue(c.headArrived(), "the empty line ends it");
        assertTrue(c.serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 200 "), t.output());
        assertFalse(c.headBegun(), "the next head has not begun");
    }

    @Test
    void headArrivedPastHeaderTimeoutIsReadyToBeAnswered408() throws Exception {
        PacedClockTransport t = new PacedClockTransport().then(0, LINE).repeat(10, 1000, FIELD);
        HttpConfig config = t.config().headerTimeout(Duration.ofSeconds(3)).build();
        Http1Connection c = connection(t, config, ok);
        assertFalse(c.headArrived());
        t.now = c.headDeadline();
        assertTrue(c.headArrived(), "past its deadline, a thread only has to answer it");
        assertFalse(c.serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 408 "), t.output());
    }

    @Test
    void aBodySlowerThanBodyMinRateFailsTheAppsReadNamingTheDeadlineAndGets408() throws Exception {
        // 10 bytes a second against 100 B/s: the allowance grows 0.1 s a chunk while each costs 1 s
        PacedClockTransport t = new PacedClockTransport()
                .then(0, "POST /upload HTTP/1.1\r\nContent-Length: 1000\r\n\r\n").repeat(100, 1000, "0123456789");
        HttpConfig config = t.config().bodyTimeout(Duration.ofSeconds(2), 100).build();
        AtomicReference<IOException> seen = new AtomicReference<>();
        App reader = req -> {
            try {
                req.body().readAllBytes();
            } catch (IOException e) {
                seen.set(e);
                throw e;
            }
            return Response.text(200, "read it all");
        };
        assertFalse(connection(t, config, reader).serveOne(true));
        assertNotNull(seen.get(), "the app's read failed");
        String message = seen.get().getMessage();
        assertTrue(message.contains("RequestTimeout: body-timeout") && message.contains("body_timeout=2000ms")
                && message.contains("body_min_rate=100B/s"), message);
        assertTrue(t.output().startsWith("HTTP/1.1 408 Request Timeout\r\n"), t.output());
        assertTrue(t.output().contains("\r\nConnection: close\r\n"), t.output());
        // allowance 2 s + 0.1 s per 10 bytes against 1 s waited per 10 bytes: ends after 2 chunks, at 2.2 s
        assertEquals(Duration.ofMillis(2200).toNanos(), t.waited, "cut once the waits outran the allowance");
        assertTrue(log.contains("status=408 error=RequestTimeout rule=body-timeout"), log.lines.toString());
    }

    @Test
    void aBodyAtAGoodRateIsReadWhateverTheAppSpendsBetweenItsReads() throws Exception {
        // 100 bytes every 100 ms is 1000 B/s against 500; the app computes 5 s after each read
        PacedClockTransport t = new PacedClockTransport()
                .then(0, "POST /upload HTTP/1.1\r\nContent-Length: 2000\r\n\r\n").repeat(20, 100, "x".repeat(100));
        HttpConfig config = t.config().bodyTimeout(Duration.ofSeconds(1), 500).build();
        App slowApp = req -> {
            InputStream in = req.body();
            byte[] buf = new byte[100];
            int total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                t.compute(5000);
            }
            return Response.text(200, "got " + total);
        };
        assertTrue(connection(t, config, slowApp).serveOne(true), t.output());
        assertTrue(t.output().endsWith("got 2000"), t.output());
    }

    @Test
    void withoutBodyMinRateTheBodyHasBodyTimeoutOfWaitingInAll() throws Exception {
        PacedClockTransport t = new PacedClockTransport()
                .then(0, "POST /upload HTTP/1.1\r\nContent-Length: 50\r\n\r\n").repeat(5, 900, "0123456789");
        HttpConfig config = t.config().bodyTimeout(Duration.ofSeconds(3), 0).build();
        assertFalse(connection(t, config, echo()).serveOne(true));
        assertTrue(t.output().startsWith("HTTP/1.1 408 "), t.output());
        assertEquals(Duration.ofSeconds(3).toNanos(), t.waited);
    }

    @Test
    void bodyTimeoutZeroLetsABodyTakeAsLongAsItsReadsDo() throws Exception {
        PacedClockTransport t = new PacedClockTransport()
                .then(0, "POST /upload HTTP/1.1\r\nContent-Length: 30\r\n\r\n").repeat(3, 60_000, "0123456789");
        HttpConfig config = t.config().bodyTimeout(Duration.ZERO, 500).build();
        assertTrue(connection(t, config, echo()).serveOne(true), t.output());
        assertTrue(t.output().endsWith("012345678901234567890123456789"), t.output());
    }

    @Test
    void anUnreadBodyIsDrainedWithinTheSameDeadline() throws Exception {
        // the app ignores the body; draining it after the answer may not wait on a slow client forever
        PacedClockTransport t = new PacedClockTransport()
                .then(0, "POST /ignore HTTP/1.1\r\nContent-Length: 100\r\n\r\n").repeat(10, 1000, "0123456789");
        HttpConfig config = t.config().bodyTimeout(Duration.ofSeconds(2), 0).build();
        Http1Connection c = connection(t, config, ok);
        assertFalse(c.serveOne(true), "the connection cannot be reused");
        assertTrue(t.output().startsWith("HTTP/1.1 200 "), "the answer went out first: " + t.output());
        assertTrue(c.unreadInput());
        assertEquals(Duration.ofSeconds(2).toNanos(), t.waited);
    }

    @Test
    void theDefaultsBoundNeitherHeadNorBody() {
        assertEquals(0, HttpConfig.defaults().headerTimeoutNanos());
        assertEquals(0, HttpConfig.defaults().bodyTimeoutNanos());
    }

    private static App echo() {
        return req -> Response.text(200, new String(req.body().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
