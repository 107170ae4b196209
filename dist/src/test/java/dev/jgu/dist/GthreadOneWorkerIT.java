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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@code gthread} worker with two threads, which take turns at the selector: the
 * thread that polled serves what it found, and when that blocks or computes, the
 * worker's stall check must wake the other thread to poll and serve (an idle thread
 * sleeps until it is woken). A request that blocks its thread must not hold up the other connections
 * while a thread is free; once both threads are busy, a new request waits for one to
 * come free.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GthreadOneWorkerIT {

    JguProcess jgu;
    String address;
    long worker;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        jgu = JguProcess.start(dir, List.of("-k", "gthread", "-w", "1", "--threads", "2", "-b", "127.0.0.1:0",
                "--timeout", "4", "dev.jgu.testapps.Probe"));
        address = jgu.listeners(1).get(0);
        worker = jgu.awaitWorkers(1).iterator().next();
    }

    @AfterAll
    void stop() {
        if (jgu != null) {
            jgu.close();
        }
    }

    @Test
    @Order(1)
    void theOtherThreadServesWhileOneIsBlocked() throws Exception {
        CompletableFuture<HttpProbe.Reply> sleeping = HttpProbe.getAsync(address, "/sleep?ms=6000");
        jgu.awaitLog("probe: sleep begins", 1, jgu.bounds.request());
        for (int i = 0; i < 20; i++) {
            HttpProbe.Reply reply = HttpProbe.get(address, "/?n=" + i);
            assertEquals(200, reply.status(), reply.head());
            assertEquals(worker, reply.pid());
        }
        assertFalse(sleeping.isDone(), "the sleeping request ended before the 20 others were served");
        assertEquals(200, sleeping.get(6000 + jgu.bounds.request().toMillis(), TimeUnit.MILLISECONDS).status());
    }

    @Test
    @Order(2)
    void theOtherThreadServesWhileOneComputes() throws Exception {
        int before = JguProcess.count(jgu.err(), "probe: spin begins");
        // a runnable thread gets longer before the worker wakes another (it may only be
        // waiting for a core), but a request that computes must not hold up the others
        CompletableFuture<HttpProbe.Reply> spinning = HttpProbe.getAsync(address, "/spin?ms=3500");
        jgu.awaitLog("probe: spin begins", before + 1, jgu.bounds.request());
        for (int i = 0; i < 20; i++) {
            HttpProbe.Reply reply = HttpProbe.get(address, "/?n=" + i);
            assertEquals(200, reply.status(), reply.head());
        }
        assertFalse(spinning.isDone(), "the computing request ended before the 20 others were served");
        assertEquals(200, spinning.get(3500 + jgu.bounds.request().toMillis(), TimeUnit.MILLISECONDS).status());
    }

    @Test
    @Order(3)
    void withBothThreadsBusyANewRequestWaitsForOne() throws Exception {
        int before = JguProcess.count(jgu.err(), "probe: sleep begins");
        long sent = System.nanoTime();
        CompletableFuture<HttpProbe.Reply> first = HttpProbe.getAsync(address, "/sleep?ms=3000");
        CompletableFuture<HttpProbe.Reply> second = HttpProbe.getAsync(address, "/sleep?ms=3000");
        jgu.awaitLog("probe: sleep begins", before + 2, jgu.bounds.request());
        HttpProbe.Reply third = HttpProbe.get(address, "/");
        long waitedMillis = (System.nanoTime() - sent) / 1_000_000;
        assertEquals(200, third.status(), third.head());
        // both sleeps began after `sent` and last 3 s: no thread was free for the third before then
        assertTrue(waitedMillis >= 3000, "a third request was served while both threads slept (" + waitedMillis + " ms)");
        assertEquals(200, first.get(3000 + jgu.bounds.request().toMillis(), TimeUnit.MILLISECONDS).status());
        assertEquals(200, second.get(3000 + jgu.bounds.request().toMillis(), TimeUnit.MILLISECONDS).status());
    }

}
