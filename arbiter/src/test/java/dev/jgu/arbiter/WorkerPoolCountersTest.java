package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exit causes and reload outcomes the metrics endpoint exports, counted as the pool sees them happen. */
class WorkerPoolCountersTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Map<ExitCause, Long> exits(PoolRun run) {
        Map<ExitCause, Long> counted = new EnumMap<>(ExitCause.class);
        Arrays.stream(ExitCause.values()).filter(c -> run.pool.counters().exits(c) > 0)
                .forEach(c -> counted.put(c, run.pool.counters().exits(c)));
        return counted;
    }

    @Test
    void aKilledReadyWorkerCountsAsACrash() {
        PoolRun run = PoolRun.serving(dir, "-w", "2", "good.App");
        FakeWorkers.Worker victim = run.workers.serving().get(0);
        run.workers.die(victim.pid, new Posix.Exit(true, 0, 9));
        run.runUntil(() -> victim.reaped, BOUND, "the killed worker reaped");
        assertEquals(Map.of(ExitCause.CRASH, 1L), exits(run));
    }

    @Test
    void aHungWorkerCountsAsATimeout() {
        PoolRun run = PoolRun.serving(dir, "-w", "1", "-t", "2", "good.App");
        FakeWorkers.Worker hung = run.workers.serving().get(0);
        hung.hung = true;
        run.runUntil(() -> hung.reaped, BOUND, "the hung worker reaped");
        assertEquals(Map.of(ExitCause.TIMEOUT, 1L), exits(run));
    }

    @Test
    void aWorkerDrainingOnItsOwnCountsAsMaxRequestsOnlyWhenItSaidSo() {
        PoolRun run = PoolRun.serving(dir, "-w", "2", "good.App");
        FakeWorkers.Worker first = run.workers.serving().get(0);
        FakeWorkers.Worker second = run.workers.serving().get(1);
        run.workers.drainAtMaxRequests(first.pid);
        run.workers.drainOnItsOwn(second.pid);
        run.runUntil(() -> first.reaped && second.reaped, BOUND, "both reaped");
        assertEquals(Map.of(ExitCause.MAX_REQUESTS, 1L, ExitCause.EXIT, 1L), exits(run));
    }

    @Test
    void aCompletedReloadCountsOnceAndItsRetiredWorkersAsReload() {
        PoolRun run = PoolRun.serving(dir, "-w", "2", "good.App");
        run.hup("-w", "2", "good.App");
        run.runUntil(() -> run.workers.ofGeneration(1).stream().allMatch(w -> w.reaped) && !run.pool.reloading(), BOUND,
                "generation 1 replaced");
        assertEquals(1, run.pool.counters().reloads(PoolCounters.ReloadOutcome.SUCCEEDED));
        assertEquals(0, run.pool.counters().reloads(PoolCounters.ReloadOutcome.FAILED));
        assertEquals(Map.of(ExitCause.RELOAD, 2L), exits(run));
    }

    @Test
    void aHupBeforeTheLastOneIsReadySupersedesIt() {
        PoolRun run = PoolRun.serving(dir, "-w", "1", "good.App");
        run.hup("-w", "1", "good.App");
        run.hup("-w", "1", "good.App");
        run.runUntil(() -> !run.pool.reloading(), BOUND, "the last reload complete");
        assertEquals(1, run.pool.counters().reloads(PoolCounters.ReloadOutcome.SUPERSEDED));
        assertEquals(1, run.pool.counters().reloads(PoolCounters.ReloadOutcome.SUCCEEDED));
    }

    @Test
    void aReloadWhoseWorkersCannotBootFailsAndTheirExitsAreBootFailures() {
        PoolRun run = PoolRun.serving(dir, "-w", "2", "good.App");
        run.hup("-w", "2", "broken.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, BOUND, "the reload aborted");
        assertEquals(1, run.pool.counters().reloads(PoolCounters.ReloadOutcome.FAILED));
        assertEquals(0, run.pool.counters().reloads(PoolCounters.ReloadOutcome.SUCCEEDED));
        assertEquals(0, run.pool.counters().exits(ExitCause.CRASH));
        assertEquals(run.workers.ofGeneration(2).stream().filter(w -> w.reaped).count(),
                run.pool.counters().exits(ExitCause.BOOT_FAILURE) + run.pool.counters().exits(ExitCause.RELOAD));
    }

    @Test
    void ttouRetiresOneWorkerAsScaleDown() {
        PoolRun run = PoolRun.serving(dir, "-w", "3", "good.App");
        run.pool.removeWorker();
        run.runUntil(() -> run.workers.all().stream().anyMatch(w -> w.reaped), BOUND, "one worker reaped");
        run.runFor(Duration.ofSeconds(1));
        assertEquals(Map.of(ExitCause.SCALE_DOWN, 1L), exits(run));
        assertEquals(2, run.pool.counters().target());
    }
}
