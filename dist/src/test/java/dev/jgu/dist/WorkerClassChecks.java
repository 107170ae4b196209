package dev.jgu.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every keep-alive worker class (gthread, async) must do, checked on one
 * arbiter with two workers of that class: keep-alive, pipelining, a request sent
 * while the previous one is served, body drain, error answers and unread bodies that
 * reach a client still sending (lingering close), idle timeout, slow clients, the
 * connection cap, heartbeats during long requests, INT, max_requests with jitter,
 * and last a graceful TERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WorkerClassChecks {

    static final int THREADS = 2;
    static final int WORKER_CONNECTIONS = 6;
    static final int KEEP_ALIVE = 3;
    /**
     * Short, so that a long request outlasts it, but not so short that a loaded machine stalls a
     * worker past it: an async worker's loop carries its first request, class loading and all.
     */
    static final int TIMEOUT = 10;
    static final int MAX_REQUESTS = 40;
    static final int JITTER = 20;
    private static final Pattern AUTORESTART = Pattern.compile("autorestarting: .* max_requests=(\\d+)");

    JguProcess jgu;
    String address;
    /** How long a reply may take: a worker that answers nothing for its timeout is hung. */
    long replyMs;

    /** @return the {@code -k} name under test */
    abstract String workerClass();

    /** @return more arguments for the arbiter (JVM options of a variant) */
    List<String> extraArgs() {
        return List.of();
    }

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        List<String> args = new ArrayList<>(List.of("-k", workerClass(), "-w", "2", "-b", "127.0.0.1:0",
                "--threads", Integer.toString(THREADS), "--worker-connections", Integer.toString(WORKER_CONNECTIONS),
                "--keep-alive", Integer.toString(KEEP_ALIVE), "--timeout", Integer.toString(TIMEOUT), "--graceful-timeout", "10",
                "--max-requests", Integer.toString(MAX_REQUESTS), "--max-requests-jitter", Integer.toString(JITTER)));
        args.addAll(extraArgs());
        args.add("dev.jgu.testapps.Probe");
        jgu = JguProcess.start(dir, args);
        replyMs = jgu.bounds.request().toMillis();
        address = jgu.listeners(1).get(0);
        jgu.awaitWorkers(2);
    }

    @AfterAll
    void stop() {
        if (jgu != null) {
            jgu.close();
        }
    }

    @Test
    @Order(1)
    void keepAliveServesSequentialRequestsOnOneConnection() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            Set<Long> pids = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                HttpConnection.Response r = conn.exchange(HttpConnection.get("/?n=" + i), replyMs);
                assertEquals(200, r.status(), r.head());
                assertFalse(r.closes(), "keep-alive response asks to close: " + r.head());
                pids.add(r.pid());
            }
            assertEquals(1, pids.size(), "one connection, one worker: " + pids);
        }
    }

    @Test
    @Order(2)
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            conn.send(HttpConnection.post("/echo", "one") + HttpConnection.post("/echo", "two")
                    + HttpConnection.get("/"));
            assertEquals("one", conn.read(replyMs).body());
            assertEquals("two", conn.read(replyMs).body());
            HttpConnection.Response third = conn.read(replyMs);
            assertEquals(200, third.status());
            assertTrue(jgu.workerPids().contains(third.pid()), third.body());
        }
    }

    @Test
    @Order(2)
    void aRequestSentWhileThePreviousIsServedIsAnsweredInTurn() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            int before = JguProcess.count(jgu.err(), "probe: sleep begins");
            conn.send(HttpConnection.get("/sleep?ms=300"));
            jgu.awaitLog("probe: sleep begins", before + 1, jgu.bounds.request());
            // read by nobody yet: it waits in the socket while the worker serves the first,
            // and must be seen once the first is answered
            conn.send(HttpConnection.get("/?after=sleep"));
            HttpConnection.Response first = conn.read(replyMs);
            assertEquals(200, first.status(), first.head());
            assertFalse(first.closes(), first.head());
            HttpConnection.Response second = conn.read(replyMs);
            assertEquals(200, second.status(), second.head());
            assertEquals(first.pid(), second.pid());
        }
    }

    @Test
    @Order(3)
    void unreadBodyIsDrainedBeforeTheConnectionIsReused() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            // Probe's "/" never reads the body: the worker must skip it to find the next request.
            HttpConnection.Response first = conn.exchange(HttpConnection.post("/", "x".repeat(5000)), replyMs);
            assertEquals(200, first.status());
            assertFalse(first.closes(), first.head());
            String chunked = "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
            assertEquals(200, conn.exchange(chunked, replyMs).status());
            assertEquals(200, conn.exchange(HttpConnection.get("/"), replyMs).status());
        }
        try (HttpConnection conn = HttpConnection.open(address)) {
            // Beyond the 64 KiB drain limit closing is cheaper: the answer says so.
            HttpConnection.Response big = conn.exchange("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 200000\r\n\r\n", replyMs);
            assertEquals(200, big.status());
            assertTrue(big.closes(), big.head());
            conn.awaitClose(replyMs);
        }
    }

    @Test
    @Order(3)
    void anErrorAnswerReachesAClientThatIsStillSending() throws Exception {
        errorAnswerReachesAClientStillSending(address, replyMs);
    }

    @Test
    @Order(3)
    void theAnswerToAnUnreadBodyReachesAClientThatIsStillSending() throws Exception {
        answerToAnUnreadBodyReachesAClientStillSending(address, replyMs);
    }

    /**
     * How much a client sends that the worker never reads: more than the socket buffers between
     * them hold (about 80 KB on loopback with the client's send buffer at {@link #SMALL_SEND_BUFFER}),
     * so the client is still sending when the worker answers, and less than a lingering close discards.
     */
    static final int UNREAD_BYTES = 1024 * 1024;
    static final int SMALL_SEND_BUFFER = 4096;

    /**
     * A bad request line followed by 1 MiB that the worker never reads: the client, which reads
     * only once it has sent everything, gets the whole 400 and a clean EOF, not a reset (a close
     * with unread bytes in the receive queue resets the connection).
     */
    static void errorAnswerReachesAClientStillSending(String address, long replyMs) throws Exception {
        answerReachesAClientStillSending(address, "GET /\u0001 HTTP/1.1\r\nHost: t\r\n\r\n" + "x".repeat(UNREAD_BYTES),
                400, replyMs);
    }

    /** A 1 MiB body the app never reads (past the drain limit): the whole answer and a clean EOF, not a reset. */
    static void answerToAnUnreadBodyReachesAClientStillSending(String address, long replyMs) throws Exception {
        answerReachesAClientStillSending(address, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: " + UNREAD_BYTES
                + "\r\n\r\n" + "x".repeat(UNREAD_BYTES), 200, replyMs);
    }

    private static void answerReachesAClientStillSending(String address, String request, int status, long replyMs)
            throws Exception {
        try (HttpConnection conn = HttpConnection.open(address, SMALL_SEND_BUFFER)) {
            try {
                conn.send(request);
            } catch (IOException e) {
                throw new AssertionError("the server reset the connection while the client was sending: " + e, e);
            }
            HttpConnection.Response r = conn.read(replyMs);
            assertEquals(status, r.status(), r.head());
            assertTrue(r.closes(), r.head());
            conn.awaitEof(replyMs);
        }
    }

    @Test
    @Order(4)
    void idleKeepAliveConnectionIsClosedAfterKeepAliveSeconds() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            assertEquals(200, conn.exchange(HttpConnection.get("/"), replyMs).status());
            long millis = conn.awaitClose(KEEP_ALIVE * 1000L + replyMs);
            assertTrue(millis >= KEEP_ALIVE * 1000L - 500, "closed after " + millis + " ms, keep-alive is " + KEEP_ALIVE + " s");
        }
    }

    @Test
    @Order(5)
    void silentClientsHoldNoThreadAndTheConnectionCapHolds() throws Exception {
        int cap = 2 * WORKER_CONNECTIONS;
        List<HttpConnection> silent = new ArrayList<>();
        try {
            for (int i = 0; i < cap - 1; i++) {
                silent.add(HttpConnection.open(address));
            }
            // Accepting is FIFO: this one comes after the silent ones, on a worker holding at least
            // five of them, more than its THREADS threads. It is answered, so they hold no thread.
            try (HttpConnection probe = HttpConnection.open(address)) {
                HttpConnection.Response r = probe.exchange("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", replyMs);
                assertEquals(200, r.status());
                probe.awaitClose(replyMs);
            }
            silent.add(HttpConnection.open(address));
            try (HttpConnection waiting = HttpConnection.open(address)) {
                waiting.send(HttpConnection.get("/"));
                assertTrue(waiting.silentFor(1000), "a connection past worker_connections x 2 workers was served");
                silent.remove(0).close();
                silent.remove(0).close();
                assertEquals(200, waiting.read(replyMs).status(), "served once a connection closed");
            }
        } finally {
            for (HttpConnection c : silent) {
                c.close();
            }
        }
    }

    @Test
    @Order(6)
    void longRequestKeepsTheHeartbeatGoing() throws Exception {
        Set<Long> before = jgu.workerPids();
        // longer than the timeout: a worker that heartbeats only between requests would be killed.
        HttpProbe.Reply reply = HttpProbe.get(address, "/sleep?ms=" + (TIMEOUT + 2) * 1000);
        assertEquals(200, reply.status(), reply.head());
        assertTrue(before.contains(reply.pid()), "served by " + reply.pid() + ", workers were " + before);
        assertEquals(before, jgu.workerPids());
        assertFalse(jgu.err().contains("worker timeout"), jgu.err());
    }

    @Test
    @Order(7)
    void intStopsAWorkerAtOnceAndItIsReplaced() throws Exception {
        Set<Long> before = jgu.workerPids();
        int sleepsBefore = JguProcess.count(jgu.err(), "probe: sleep begins");
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> {
            try {
                HttpProbe.get(address, "/sleep?ms=20000");
            } catch (IOException expected) {
                // the worker dies under the request
            }
        });
        jgu.awaitLog("probe: sleep begins", sleepsBefore + 1, jgu.bounds.request());
        Matcher m = Pattern.compile("probe: sleep begins pid=(\\d+)").matcher(jgu.err());
        long victim = 0;
        while (m.find()) {
            victim = Long.parseLong(m.group(1));
        }
        long start = System.nanoTime();
        JguProcess.signal(victim, "INT");
        long pid = victim;
        JguProcess.await(() -> !JguProcess.running(pid), jgu.bounds.quickStop(),
                () -> "worker " + pid + " to exit on INT");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2000, "INT took " + millis + " ms");
        inFlight.get(replyMs, TimeUnit.MILLISECONDS);
        Set<Long> after = jgu.awaitWorkers(2);
        assertFalse(after.contains(victim));
        Set<Long> survivors = new HashSet<>(before);
        survivors.remove(pid);
        assertTrue(after.containsAll(survivors), before + " -> " + after);
    }

    @Test
    @Order(8)
    void maxRequestsReplacesWorkersAtJitteredCounts() throws Exception {
        maxRequestsReplacesWorkers(jgu, address, MAX_REQUESTS, MAX_REQUESTS + JITTER);
    }

    /** Sends requests one at a time until both workers were replaced; none may fail. */
    static void maxRequestsReplacesWorkers(JguProcess jgu, String address, int min, int max) throws Exception {
        Set<Long> original = jgu.awaitWorkers(2);
        int restartsBefore = JguProcess.count(jgu.err(), "autorestarting:");
        int sent = 0;
        // each worker serves its max_requests, drains, and a replacement boots; the two overlap
        long deadline = System.nanoTime() + jgu.bounds.retire().plus(jgu.bounds.boot()).multipliedBy(2).toNanos();
        while (original.stream().anyMatch(JguProcess::running)) {
            assertTrue(System.nanoTime() < deadline && sent < 10 * (max + 1), "sent " + sent + ", workers " + jgu.workerPids());
            HttpProbe.Reply r = HttpProbe.get(address, "/?i=" + sent++);
            assertEquals(200, r.status(), "request " + sent + ": " + r.head());
        }
        jgu.awaitLog("autorestarting:", restartsBefore + 2, jgu.bounds.react());
        Set<Long> replacements = jgu.awaitWorkers(2);
        for (long pid : replacements) {
            assertFalse(original.contains(pid), original + " -> " + replacements);
        }
        Matcher m = AUTORESTART.matcher(jgu.err());
        List<Integer> limits = new ArrayList<>();
        while (m.find()) {
            limits.add(Integer.parseInt(m.group(1)));
        }
        for (int limit : limits) {
            assertTrue(limit >= min && limit <= max, "max_requests with jitter " + limit + " not in [" + min + ", " + max + "]");
        }
        assertEquals(200, HttpProbe.get(address, "/").status(), "the replacements serve");
    }

    @Test
    @Order(9)
    void termFinishesInFlightClosesIdleAndExits() throws Exception {
        Set<Long> workers = jgu.awaitWorkers(2);
        try (HttpConnection idle = HttpConnection.open(address)) {
            assertEquals(200, idle.exchange(HttpConnection.get("/"), replyMs).status());
            DrainingStop stop = DrainingStop.begin(address, 3000, jgu::log, jgu.bounds);
            long start = System.nanoTime();
            jgu.signal("TERM");
            long idleClosed = idle.awaitClose(8_000);
            assertTrue(idleClosed < 2_000, "idle keep-alive connection closed after " + idleClosed + " ms");
            stop.assertAnsweredBy(workers);
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 10_000, "TERM took " + millis + " ms, graceful-timeout is 10 s");
            for (long pid : workers) {
                assertFalse(JguProcess.running(pid), "worker " + pid + " left running");
            }
            assertFalse(jgu.err().contains("graceful timeout"), jgu.err());
        }
    }
}
