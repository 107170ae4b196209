package dev.jgu.arbiter;

import jnr.constants.platform.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code max_worker_memory}: a worker that grows past it is replaced as after max_requests, never in a loop. */
class WorkerPoolMemoryTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aWorkerThatGrowsPastTheLimitIsRetiredGracefullyAndReplaced() {
        PoolRun run = PoolRun.serving(dir, "-w", "2", "--max-worker-memory", "200", "good.App");
        run.runFor(Duration.ofSeconds(6));
        FakeWorkers.Worker leaking = run.workers.serving().get(0);
        FakeWorkers.Worker steady = run.workers.serving().get(1);
        run.workers.rssKib.put(leaking.pid, 201L * 1024);
        run.runUntil(() -> leaking.signals.contains(Signal.SIGTERM), BOUND, "the leaking worker told to stop");
        assertEquals(List.of(Signal.SIGTERM), leaking.signals, "TERM: it finishes its requests first");
        assertTrue(run.log().contains("max_worker_memory: RSS 201 MiB > 200 MiB"), run.log());
        run.runUntil(() -> run.workers.serving().size() == 2 && !run.workers.serving().contains(leaking), BOUND,
                "a replacement serving");
        assertTrue(steady.signals.isEmpty(), "the other worker is left alone: " + steady.signals);
    }

    @Test
    void aWorkerThatGrowsPastTheLimitBeforeTheFirstCheckAfterReadyIsRecycledToo() {
        PoolRun run = PoolRun.serving(dir, "-w", "1", "--max-worker-memory", "200", "good.App");
        // its RSS was looked at as it became ready; it grows before the next 5 s check
        FakeWorkers.Worker leaking = run.workers.serving().get(0);
        run.workers.rssKib.put(leaking.pid, 201L * 1024);
        run.runUntil(() -> leaking.signals.contains(Signal.SIGTERM), BOUND, "the leaking worker told to stop");
        assertFalse(run.log().contains("right after boot"), run.log());
    }

    @Test
    void aWorkerOverTheLimitRightAfterBootIsSaidOnceAndNotRecycled() {
        PoolRun run = PoolRun.serving(dir, "-w", "2", "--max-worker-memory", "40", "good.App");
        run.runFor(Duration.ofSeconds(60));
        for (FakeWorkers.Worker w : run.workers.serving()) {
            assertTrue(w.signals.isEmpty(), "no recycling loop: " + w + " got " + w.signals);
        }
        assertEquals(1, run.count("right after boot, over the limit of 40 MiB"), "said once per generation:\n" + run.log());
        assertFalse(run.log().contains("max_worker_memory: RSS"), run.log());
    }

    @Test
    void zeroNeverLooks() {
        PoolRun run = PoolRun.serving(dir, "-w", "1", "good.App");
        run.workers.serving().forEach(w -> run.workers.rssKib.put(w.pid, 10L * 1024 * 1024));
        run.runFor(Duration.ofSeconds(30));
        assertTrue(run.workers.serving().get(0).signals.isEmpty(), run.log());
        assertFalse(run.log().contains("max_worker_memory"), run.log());
    }
}
