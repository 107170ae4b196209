package dev.jgu.arbiter;

import dev.jgu.spi.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a boot failure halts the arbiter: exit 3/4 from a worker, or three workers
 * in a row dying before ready with the same status, halt only before the first
 * generation is ready; during a reload they abort it, on a serving server they
 * are reported and respawned with backoff.
 */
class WorkerPoolBootFailureTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final FakeWorkers.Boot CRASH = FakeWorkers.Boot.exit(1000, 1, null);

    @TempDir
    Path dir;

    private PoolRun serving(String... args) {
        return PoolRun.serving(dir, args);
    }

    @Test
    void appLoadErrorBeforeFirstGenerationIsReadyHaltsWith4() {
        PoolRun run = new PoolRun(dir, "-w", "2", "broken.App");
        assertEquals(ExitCodes.APP_LOAD_ERROR, run.runUntilHalt(BOUND));
        assertEquals(2, run.workers.all().size(), "no respawn: " + run.workers.all());
        assertEquals(1, run.count("database URL not configured"), "said once:\n" + run.log());
    }

    @Test
    void workerBootErrorBeforeFirstGenerationIsReadyHaltsWith3() {
        PoolRun run = new PoolRun(dir, "-w", "1", "bootfail.App");
        assertEquals(ExitCodes.WORKER_BOOT_ERROR, run.runUntilHalt(BOUND));
        assertTrue(run.log().contains("arbiter pipe: bad fd"), run.log());
    }

    @Test
    void appLoadErrorWhileTheFirstGenerationIsPartlyReadyStillHalts() {
        PoolRun run = new PoolRun(dir, "-w", "2", "good.App");
        run.workers.nextBoots(FakeWorkers.Boot.ready(1000), FakeWorkers.Boot.exit(3000, 4, "app: flaky"));
        assertEquals(ExitCodes.APP_LOAD_ERROR, run.runUntilHalt(BOUND));
    }

    @Test
    void crashLoopBeforeFirstGenerationIsReadyHaltsWith3() {
        PoolRun run = new PoolRun(dir, "-w", "1", "crash.App");
        assertEquals(ExitCodes.WORKER_BOOT_ERROR, run.runUntilHalt(BOUND));
        assertEquals(3, run.workers.all().size(), "halts at the third: " + run.workers.all());
        assertEquals(1, run.count("[CRITICAL] worker boot failure: 3 workers in a row exited before ready"), run.log());
        assertTrue(run.log().contains("generation=1 code=1"), run.log());
        assertTrue(run.log().contains("next spawn in 100ms") && run.log().contains("next spawn in 200ms"), run.log());
    }

    @Test
    void crashLoopNamesTheBootErrorNote() {
        PoolRun run = new PoolRun(dir, "-w", "1", "good.App");
        FakeWorkers.Boot noted = FakeWorkers.Boot.exit(500, 1, "Error: Could not find or load main class dev.jgu.workers.runtime.WorkerMain");
        run.workers.nextBoots(noted, noted, noted);
        assertEquals(ExitCodes.WORKER_BOOT_ERROR, run.runUntilHalt(BOUND));
        assertTrue(run.log().contains("code=1: Error: Could not find or load main class"), run.log());
    }

    @Test
    void crashesWithDifferentStatusesAreNoCrashLoop() {
        PoolRun run = new PoolRun(dir, "-w", "1", "good.App");
        run.workers.nextBoots(CRASH, FakeWorkers.Boot.exit(1000, 2, null), CRASH, FakeWorkers.Boot.exit(1000, 1, "a note"), CRASH);
        run.runUntil(() -> run.servingOf(1).size() == 1, BOUND, "the sixth worker serving");
        assertFalse(run.halted());
        assertEquals(0, run.count("in a row exited before ready"), run.log());
    }

    @Test
    void aReadyWorkerResetsTheCrashCount() {
        PoolRun run = new PoolRun(dir, "-w", "2", "good.App");
        run.workers.nextBoots(CRASH, CRASH, FakeWorkers.Boot.ready(500), CRASH, CRASH);
        run.runUntil(() -> run.servingOf(1).size() == 2, BOUND, "two workers serving");
        assertFalse(run.halted());
        assertEquals(0, run.count("in a row exited before ready"), run.log());
    }

    @Test
    void crashLoopDuringReloadAbortsIt() {
        PoolRun run = serving("-w", "2", "good.App");
        List<FakeWorkers.Worker> old = run.workers.serving();
        run.hup("-w", "2", "crash.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, BOUND, "the reload aborted");
        assertTrue(run.log().contains("worker boot failure: 3 workers in a row exited before ready"), run.log());
        int spawned = run.workers.ofGeneration(2).size();
        run.runFor(Duration.ofSeconds(30));
        assertEquals(old, run.workers.serving(), "the old generation serves on");
        assertEquals(spawned, run.workers.ofGeneration(2).size(), "no more new workers: " + run.workers.ofGeneration(2));
        assertTrue(run.workers.ofGeneration(2).stream().noneMatch(FakeWorkers.Worker::alive), run.workers.all().toString());
        assertEquals(List.of(), run.unserved());
    }

    @Test
    void appLoadErrorOnAServingServerNeverHalts() {
        PoolRun run = serving("-w", "2", "good.App");
        FakeWorkers.Worker survivor = run.workers.serving().get(1);
        run.workers.overwriteJar(FakeWorkers.Boot.exit(2000, 4, "app: good.App: class file has wrong version"));
        run.workers.die(run.workers.serving().get(0).pid, new Posix.Exit(true, 1, 0));
        run.runFor(Duration.ofSeconds(120));
        assertFalse(run.halted(), run.log());
        assertEquals(List.of(survivor), run.workers.serving(), "the ready worker serves on");
        assertEquals(1, run.count("[CRITICAL] worker boot failure: "), "said once:\n" + run.log());
        assertTrue(run.log().contains("[CRITICAL] worker failed to boot: worker=3 pid=4102 booting -> exited (code=4): app: good.App: "
                + "class file has wrong version, next spawn in 100ms"), run.log());
        assertTrue(run.log().contains("generation=1 exited with code=4; the ready workers keep serving"), run.log());
        assertTrue(run.log().contains("class file has wrong version"), run.log());
        assertSpawnsBackOffUpToTenSeconds(run);
    }

    @Test
    void crashLoopOnAServingServerIsSaidOnceAndBacksOff() {
        PoolRun run = serving("-w", "2", "good.App");
        run.workers.overwriteJar(CRASH);
        run.workers.die(run.workers.serving().get(0).pid, new Posix.Exit(true, 137, 9));
        run.runFor(Duration.ofSeconds(120));
        assertFalse(run.halted(), run.log());
        assertEquals(1, run.workers.serving().size());
        assertEquals(1, run.count("[CRITICAL] worker boot failure: 3 workers in a row exited before ready"), "said once:\n" + run.log());
        assertTrue(run.log().contains("ready workers keep serving"), run.log());
        assertSpawnsBackOffUpToTenSeconds(run);
    }

    @Test
    void jarFixedAfterACrashLoopServesAgain() {
        PoolRun run = serving("-w", "2", "good.App");
        run.workers.overwriteJar(CRASH);
        run.workers.die(run.workers.serving().get(0).pid, new Posix.Exit(true, 1, 0));
        run.runFor(Duration.ofSeconds(30));
        run.workers.overwriteJar(FakeWorkers.Boot.ready(2000));
        run.runUntil(() -> run.workers.serving().size() == 2, Duration.ofSeconds(15), "two serving again");
        assertEquals(List.of(), run.unserved());
    }

    /** Spawns after the first failure come further and further apart, never more than 10 s (one loop turn of slack). */
    private static void assertSpawnsBackOffUpToTenSeconds(PoolRun run) {
        List<FakeWorkers.Worker> respawned = run.workers.all().stream().filter(w -> !w.reportedReady).toList();
        assertTrue(respawned.size() >= 6, "respawned with backoff: " + respawned);
        long longest = 0;
        for (int i = 1; i < respawned.size(); i++) {
            long gap = respawned.get(i).spawnedAt - respawned.get(i - 1).spawnedAt;
            assertTrue(gap <= 10_000_000_000L + 2 * 1_000_000_000L + 2 * PoolRun.TICK,
                    "at most 10 s of backoff after a 2 s boot, was " + gap / 1_000_000 + "ms");
            longest = Math.max(longest, gap);
        }
        assertTrue(longest >= 10_000_000_000L, "backoff grew to 10 s, longest gap " + longest / 1_000_000 + "ms");
    }
}
