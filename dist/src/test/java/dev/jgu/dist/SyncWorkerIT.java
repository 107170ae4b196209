package dev.jgu.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code sync} worker class is Gunicorn's: one request per connection, every
 * answer says {@code Connection: close}, pipelined requests after the first are not
 * served, and what it leaves unread never resets the answer (lingering close);
 * max_requests replaces its workers too. (Graceful TERM and INT: StopIT.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncWorkerIT {

    static final int MAX_REQUESTS = 10;
    static final int JITTER = 5;
    /** Long enough for the test to see the request begin and send the next one meanwhile. */
    static final int SLEEP_MS = 2000;

    @TempDir
    static Path dir;
    static JguProcess jgu;
    static String address;
    /** How long a reply may take: a worker that answers nothing for its timeout is hung. */
    static long replyMs;

    @BeforeAll
    static void start() throws IOException {
        jgu = JguProcess.start(dir, List.of("-k", "sync", "-w", "2", "-b", "127.0.0.1:0",
                "--max-requests", Integer.toString(MAX_REQUESTS), "--max-requests-jitter", Integer.toString(JITTER),
                "dev.jgu.testapps.Probe"));
        replyMs = jgu.bounds.request().toMillis();
        address = jgu.listeners(1).get(0);
        jgu.awaitWorkers(2);
    }

    @AfterAll
    static void stop() {
        if (jgu != null) {
            jgu.close();
        }
    }

    @Test
    @Order(1)
    void keepAliveIsRefused() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            HttpConnection.Response r = conn.exchange(HttpConnection.get("/"), replyMs);
            assertEquals(200, r.status());
            assertTrue(r.closes(), "sync answers with Connection: close: " + r.head());
            conn.awaitClose(replyMs);
        }
    }

    @Test
    @Order(2)
    void onlyTheFirstPipelinedRequestIsServed() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            conn.send(HttpConnection.post("/echo", "one") + HttpConnection.post("/echo", "two"));
            HttpConnection.Response first = conn.read(replyMs);
            assertEquals("one", first.body());
            assertTrue(first.closes(), first.head());
            conn.awaitClose(replyMs);
        }
    }

    @Test
    @Order(2)
    void anErrorAnswerReachesAClientThatIsStillSending() throws Exception {
        WorkerClassChecks.errorAnswerReachesAClientStillSending(address, replyMs);
    }

    @Test
    @Order(2)
    void theAnswerToAnUnreadBodyReachesAClientThatIsStillSending() throws Exception {
        WorkerClassChecks.answerToAnUnreadBodyReachesAClientStillSending(address, replyMs);
    }

    @Test
    @Order(2)
    void aRequestSentWhileTheFirstIsServedDoesNotResetTheAnswer() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            int before = JguProcess.count(jgu.err(), "probe: sleep begins");
            conn.send(HttpConnection.get("/sleep?ms=" + SLEEP_MS));
            jgu.awaitLog("probe: sleep begins", before + 1, jgu.bounds.request());
            // it waits unread in the worker's receive queue, where the codec never looked
            conn.send(HttpConnection.get("/?second"));
            assertTrue(conn.silentFor(0), "the first was answered before the second was sent; the sleep of "
                    + SLEEP_MS + " ms is too short for this machine");
            HttpConnection.Response first = conn.read(SLEEP_MS + replyMs);
            assertEquals(200, first.status(), first.head());
            assertTrue(first.closes(), first.head());
            conn.awaitEof(replyMs);
        }
    }

    @Test
    @Order(3)
    void maxRequestsReplacesWorkersAtJitteredCounts() throws Exception {
        WorkerClassChecks.maxRequestsReplacesWorkers(jgu, address, MAX_REQUESTS, MAX_REQUESTS + JITTER);
    }
}
