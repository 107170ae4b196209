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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The {@code async} worker's event loop, with one worker on one loop: a handler that
 * blocks parks only its own virtual thread (the loop serves others, and heartbeats),
 * while a handler that computes without ever parking holds the loop, so the worker
 * stops heartbeating and is replaced after {@code --timeout}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AsyncEventLoopIT {

    /** As in {@link WorkerClassChecks#TIMEOUT}: the loop carries the first request, class loading and all. */
    static final int TIMEOUT = WorkerClassChecks.TIMEOUT;
    static final int SLEEP_MS = (TIMEOUT + 2) * 1000;

    JguProcess jgu;
    String address;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        jgu = JguProcess.start(dir, List.of("-k", "async", "-w", "1", "-b", "127.0.0.1:0", "--timeout", Integer.toString(TIMEOUT),
                "--jvm-opt=-Djgu.async.loops=1", "dev.jgu.testapps.Probe"));
        address = jgu.listeners(1).get(0);
        jgu.awaitWorkers(1);
    }

    @AfterAll
    void stop() {
        if (jgu != null) {
            jgu.close();
        }
    }

    @Test
    @Order(1)
    void virtualThreadsRunOnTheLoop() {
        jgu.awaitLog("event_loops=1 virtual_threads_on=event loops", 1, jgu.bounds.request());
    }

    @Test
    @Order(2)
    void aBlockedHandlerDoesNotHoldUpTheLoop() throws Exception {
        long worker = jgu.workerPids().iterator().next();
        // longer than --timeout: the loop must keep heartbeating while the handler sleeps
        CompletableFuture<HttpProbe.Reply> sleeping = HttpProbe.getAsync(address, "/sleep?ms=" + SLEEP_MS);
        jgu.awaitLog("probe: sleep begins", 1, jgu.bounds.request());
        for (int i = 0; i < 20; i++) {
            HttpProbe.Reply reply = HttpProbe.get(address, "/?n=" + i);
            assertEquals(200, reply.status(), reply.head());
            assertEquals(worker, reply.pid());
        }
        assertFalse(sleeping.isDone(), "the sleeping request ended before the 20 others were served");
        HttpProbe.Reply slept = sleeping.get(SLEEP_MS + jgu.bounds.request().toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, slept.status(), slept.head());
        assertEquals(Set.of(worker), jgu.workerPids());
        assertFalse(jgu.err().contains("worker timeout"), jgu.err());
    }

    @Test
    @Order(3)
    void aHandlerThatNeverParksStallsTheHeartbeatAndTheWorkerIsReplaced() throws Exception {
        long worker = jgu.workerPids().iterator().next();
        CompletableFuture.runAsync(() -> {
            try {
                HttpProbe.get(address, "/spin?ms=120000");
            } catch (IOException | RuntimeException e) {
                // the worker is killed under it: no answer expected
            }
        });
        jgu.awaitLog("probe: spin begins", 1, jgu.bounds.request());
        jgu.awaitLog("worker timeout: worker=1 pid=" + worker, 1, jgu.bounds.hang());
        // QUIT's dump comes before the KILL 2 s later, or not at all
        jgu.awaitLog("Full thread dump", 1, jgu.bounds.react());
        // the dump shows the loop carrying the spinning handler (it is written line by line)
        jgu.awaitLog("Carrying virtual thread", 1, jgu.bounds.react());
        jgu.awaitLog("Probe.handle", 1, jgu.bounds.react());
        JguProcess.await(() -> {
            Set<Long> now = jgu.workerPids();
            return now.size() == 1 && !now.contains(worker);
        }, jgu.bounds.hang(), () -> "a new worker in place of " + worker);
        jgu.awaitWorkers(1);
        HttpProbe.Reply reply = HttpProbe.get(address, "/");
        assertEquals(200, reply.status(), reply.head());
        assertNotEquals(worker, reply.pid());
    }

}
