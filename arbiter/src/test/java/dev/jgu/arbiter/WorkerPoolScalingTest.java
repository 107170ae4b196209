package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TTIN, TTOU and WINCH, on their own and during a reload. */
class WorkerPoolScalingTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private PoolRun serving(String... args) {
        return PoolRun.serving(dir, args);
    }

    private static void awaitOnly(PoolRun run, int generation, int count) {
        run.runUntil(() -> run.workers.alive().stream().allMatch(w -> w.generation == generation)
                && run.servingOf(generation).size() == count && run.workers.alive().size() == count,
                BOUND, count + " serving workers, all of generation " + generation);
    }

    @Test
    void ttinAddsOneWorkerAndTtouRetiresTheOldest() {
        PoolRun run = serving("-w", "2", "good.App");
        run.pool.addWorker();
        awaitOnly(run, 1, 3);
        FakeWorkers.Worker oldest = run.workers.alive().get(0);
        run.pool.removeWorker();
        awaitOnly(run, 1, 2);
        assertFalse(oldest.alive(), "the oldest goes first: " + run.workers.all());
        assertEquals(List.of(), run.unserved());
    }

    @Test
    void workerDrainingOnItsOwnIsReplacedWhileItDrains() {
        PoolRun run = serving("-w", "1", "good.App");
        FakeWorkers.Worker draining = run.workers.serving().get(0);
        run.workers.drainOnItsOwn(draining.pid);
        run.tick();
        assertEquals(2, run.workers.all().size(), "a replacement spawned at once: " + run.workers.all());
        assertTrue(run.log().contains("ready -> retiring: draining on its own"), run.log());
        awaitOnly(run, 1, 1);
        assertEquals(0, run.count("died while booting"), run.log());
    }

    @Test
    void ttinDuringReloadAddsAWorkerOfTheNewGenerationOnly() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "good.App");
        run.tick();
        run.pool.addWorker();
        run.runUntil(() -> run.count("reload complete") == 1, BOUND, "the reload complete");
        awaitOnly(run, 2, 3);
        assertEquals(2, run.workers.ofGeneration(1).size(), "no worker of the old generation was spawned");
        assertEquals(List.of(), run.unserved());
    }

    @Test
    void ttouDuringReloadKeepsOneWorkerServing() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "good.App");
        run.tick();
        run.pool.removeWorker();
        assertEquals(1, run.pool.target());
        run.runUntil(() -> run.count("reload complete") == 1, BOUND, "the reload complete");
        awaitOnly(run, 2, 1);
        assertEquals(List.of(), run.unserved());
    }

    @Test
    void ttouNeverGoesBelowOneDuringReload() {
        PoolRun run = serving("-w", "1", "good.App");
        run.hup("-w", "1", "good.App");
        run.pool.removeWorker();
        assertEquals(1, run.pool.target());
        awaitOnly(run, 2, 1);
        assertEquals(List.of(), run.unserved());
    }

    @Test
    void winchStopsEveryWorkerAndHupBringsTheNewGeneration() {
        PoolRun run = serving("-w", "2", "good.App");
        run.pool.stopWorkers();
        run.runUntil(() -> run.workers.alive().isEmpty(), BOUND, "every worker stopped");
        run.runFor(Duration.ofSeconds(5));
        assertTrue(run.workers.alive().isEmpty(), "none respawned: " + run.workers.all());
        run.hup("-w", "2", "good.App");
        awaitOnly(run, 2, 2);
        assertFalse(run.halted());
    }

    @Test
    void winchThenTtinBringsBackOneWorker() {
        PoolRun run = serving("-w", "2", "good.App");
        run.pool.stopWorkers();
        run.runUntil(() -> run.workers.alive().isEmpty(), BOUND, "every worker stopped");
        run.pool.addWorker();
        awaitOnly(run, 1, 1);
    }

    @Test
    void winchThenBrokenHupLeavesTheLastReadyGenerationToComeBack() {
        PoolRun run = serving("-w", "2", "good.App");
        run.pool.stopWorkers();
        run.runUntil(() -> run.workers.alive().isEmpty(), BOUND, "every worker stopped");
        run.hup("-w", "2", "broken.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, BOUND, "the reload aborted");
        awaitOnly(run, 1, 2);
        assertFalse(run.halted());
    }

    @Test
    void winchDuringReloadStopsEveryWorkerAndTtinBringsBackTheLastReadyGeneration() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "broken.App");
        run.tick();
        run.pool.stopWorkers();
        run.runUntil(() -> run.workers.alive().isEmpty(), BOUND, "every worker stopped");
        assertFalse(run.pool.reloading());
        run.runFor(Duration.ofSeconds(40));
        assertTrue(run.workers.alive().isEmpty(), "WINCH holds: " + run.workers.all());
        run.pool.addWorker();
        awaitOnly(run, 1, 1);
        assertFalse(run.halted());
    }

    @Test
    void scaleSetsTheTargetAsRepeatedTtinOrTtouWouldAndRefusesOutOfBounds() {
        PoolRun run = serving("-w", "2", "good.App");
        assertEquals("workers: target 2 -> 4", run.pool.scale(4));
        awaitOnly(run, 1, 4);
        FakeWorkers.Worker oldest = run.workers.alive().get(0);
        assertEquals("workers: target 4 -> 1", run.pool.scale(1));
        awaitOnly(run, 1, 1);
        assertFalse(oldest.alive(), "the oldest go first: " + run.workers.all());
        assertEquals("workers: target stays 1", run.pool.scale(1));
        for (int bad : new int[] {0, -1, 1025}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> run.pool.scale(bad));
            assertTrue(e.getMessage().contains("got " + bad), e.getMessage());
        }
        assertEquals(1, run.pool.target());
        assertEquals(List.of(), run.unserved());
    }

    @Test
    void snapshotShowsEveryWorkerWithItsStateAndGeneration() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "good.App");
        run.tick();
        PoolSnapshot during = run.pool.snapshot(99);
        assertEquals(99, during.arbiter());
        assertEquals(2, during.generation());
        assertEquals(1, during.serving());
        assertTrue(during.reloading());
        assertTrue(during.workers().stream().anyMatch(w -> w.generation() == 1 && w.state().equals("ready")), during.toString());
        assertTrue(during.workers().stream().anyMatch(w -> w.generation() == 2 && w.state().equals("booting")), during.toString());
        awaitOnly(run, 2, 2);
        PoolSnapshot after = run.pool.snapshot(99);
        assertFalse(after.reloading());
        assertEquals(2, after.serving());
        assertEquals(run.workers.alive().stream().map(w -> w.pid).toList(), after.workers().stream().map(PoolSnapshot.Worker::pid).toList());
    }
}
