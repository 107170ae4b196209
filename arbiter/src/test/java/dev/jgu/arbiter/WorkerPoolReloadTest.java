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

/**
 * HUP reloads, one or several in a row, with good and broken apps: the last
 * generation that was ready keeps serving until the newest one is ready, and a
 * generation that cannot boot is abandoned for it.
 */
class WorkerPoolReloadTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private PoolRun serving(String... args) {
        return PoolRun.serving(dir, args);
    }

    private static void assertOnlyGenerationServes(PoolRun run, int generation) {
        run.runUntil(() -> run.workers.alive().stream().allMatch(w -> w.generation == generation)
                && run.servingOf(generation).size() == run.pool.target(), BOUND, "only generation " + generation + " left, serving");
        assertEquals(List.of(), run.unserved(), "moments with no serving worker\n" + run.log());
        assertFalse(run.halted());
    }

    @Test
    void hupRetiresOldWorkersOnlyOnceNewOnesAreReady() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "good.App");
        while (run.count("reload complete") == 0) {
            run.tick();
            long retired = run.workers.ofGeneration(1).stream().filter(FakeWorkers.Worker::stopSignalled).count();
            long ready = run.workers.ofGeneration(2).stream().filter(w -> w.reportedReady).count();
            assertTrue(retired <= ready, "at " + run.seconds() + "s " + retired + " old workers retired, "
                    + ready + " new ones ready: " + run.workers.all());
            assertTrue(run.seconds() < 60, "no reload within 60 s\n" + run.log());
        }
        assertOnlyGenerationServes(run, 2);
        assertEquals(1, run.count("reload complete: generation=2"), run.log());
        assertTrue(run.workers.ofGeneration(1).stream().allMatch(w -> w.signals.equals(List.of(Signal.SIGUSR1, Signal.SIGTERM))),
                "old workers reopen their logs at the HUP, then get TERM once: " + run.workers.all());
    }

    @Test
    void secondHupDuringReloadKeepsOldGenerationServing() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "good.App");
        run.runFor(Duration.ofMillis(1000));
        run.hup("-w", "2", "good.App");
        run.runUntil(() -> !run.servingOf(3).isEmpty(), BOUND, "a ready generation 3 worker");
        assertOnlyGenerationServes(run, 3);
        assertTrue(run.workers.ofGeneration(2).stream().noneMatch(w -> w.reportedReady && !w.stopSignalled()),
                "the superseded generation never served: " + run.workers.ofGeneration(2));
    }

    @Test
    void hupRightAfterAnotherSendsNoUsr1ToBootingWorkers() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "good.App");
        run.tick();
        run.hup("-w", "2", "good.App");
        assertOnlyGenerationServes(run, 3);
        run.workers.ofGeneration(2).forEach(w -> assertEquals(List.of(Signal.SIGTERM), w.signals,
                "a booting worker gets no USR1 (its JVM would die of it), only TERM: " + w));
        assertEquals(0, run.count("SIGUSR1"), run.log());
    }

    @Test
    void threeHupsInARowEndWithOnlyTheNewestGeneration() {
        PoolRun run = serving("-w", "2", "good.App");
        for (int i = 0; i < 3; i++) {
            run.hup("-w", "2", "good.App");
            run.runFor(Duration.ofMillis(700));
        }
        assertOnlyGenerationServes(run, 4);
        assertEquals(1, run.count("reload complete"), "only the newest generation completes:\n" + run.log());
        assertEquals(0, run.count("reload aborted, "), run.log());
    }

    @Test
    void settingsOfPastGenerationsAreRemovedOnceTheirWorkersAreGone() {
        PoolRun run = serving("-w", "2", "good.App");
        for (int i = 0; i < 3; i++) {
            run.hup("-w", "2", "good.App");
            run.runFor(Duration.ofMillis(700));
        }
        assertOnlyGenerationServes(run, 4);
        run.runUntil(() -> run.workers.all().stream().allMatch(w -> w.generation == 4 || w.reaped), BOUND, "old workers reaped");
        run.tick();
        assertEquals(List.of(1, 2, 3, 4), run.workers.settingsWritten());
        assertEquals(List.of(4), run.workers.settingsKept(), "only the serving generation's settings are left");
    }

    @Test
    void anAbortedReloadKeepsTheServingGenerationsSettings() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "broken.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, BOUND, "the reload aborted");
        run.runUntil(() -> run.workers.ofGeneration(2).stream().allMatch(w -> w.reaped), BOUND, "generation 2 reaped");
        run.tick();
        assertEquals(List.of(1), run.workers.settingsKept(), "generation 1 still serves and may spawn");
    }

    @Test
    void hupsWhileEachGenerationBecomesReadyNeverLeaveZeroServing() {
        PoolRun run = serving("-w", "2", "good.App");
        for (int generation = 2; generation <= 6; generation++) {
            run.hup("-w", "2", "good.App");
            int g = generation;
            // the next HUP comes as soon as one new worker is ready, before the reload completes
            run.runUntil(() -> !run.servingOf(g).isEmpty(), BOUND, "a ready worker of generation " + g);
        }
        assertOnlyGenerationServes(run, 6);
    }

    @Test
    void brokenHupKeepsOldGenerationServing() {
        PoolRun run = serving("-w", "2", "good.App");
        List<FakeWorkers.Worker> old = run.servingOf(1);
        run.hup("-w", "2", "broken.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, BOUND, "the reload aborted");
        run.runFor(Duration.ofSeconds(10));
        assertEquals(old, run.workers.serving(), "the old workers serve on");
        assertTrue(run.log().contains("database URL not configured"), run.log());
        assertEquals(2, run.pool.target());
        assertFalse(run.pool.reloading());
        assertOnlyGenerationServes(run, 1);
    }

    @Test
    void goodThenBrokenHupKeepsOldGenerationServing() {
        PoolRun run = serving("-w", "2", "good.App");
        List<FakeWorkers.Worker> old = run.servingOf(1);
        run.hup("-w", "2", "good.App");
        run.runFor(Duration.ofMillis(1000));
        run.hup("-w", "3", "broken.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, BOUND, "the reload aborted");
        run.runFor(Duration.ofSeconds(10));
        assertEquals(old, run.workers.serving(), "generation 1, the last ready one, serves on");
        assertEquals(2, run.pool.target(), "the target of generation 1's configuration");
        assertOnlyGenerationServes(run, 1);
    }

    @Test
    void goodHupThatBecameReadyThenBrokenHupKeepsTheNewerGenerationServing() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "good.App");
        run.runUntil(() -> run.count("reload complete: generation=2") == 1, BOUND, "generation 2 ready");
        run.hup("-w", "2", "broken.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, BOUND, "the reload aborted");
        assertOnlyGenerationServes(run, 2);
    }

    @Test
    void brokenThenGoodHupEndsWithTheGoodGeneration() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "broken.App");
        run.runFor(Duration.ofMillis(1000));
        run.hup("-w", "2", "good.App");
        assertOnlyGenerationServes(run, 3);
        assertEquals(1, run.count("reload complete: generation=3"), run.log());
    }

    @Test
    void twoBrokenHupsKeepOldGenerationServing() {
        PoolRun run = serving("-w", "2", "good.App");
        List<FakeWorkers.Worker> old = run.servingOf(1);
        run.hup("-w", "2", "broken.App");
        run.runFor(Duration.ofMillis(1000));
        run.hup("-w", "2", "broken.App");
        run.runFor(Duration.ofSeconds(20));
        assertFalse(run.halted(), "the arbiter halted:\n" + run.log());
        assertEquals(1, run.count("reload aborted, "), run.log());
        assertEquals(old, run.workers.serving(), "the old workers serve on");
        assertOnlyGenerationServes(run, 1);
    }

    @Test
    void hupAfterAnAbortedReloadReplacesTheServingGeneration() {
        PoolRun run = serving("-w", "2", "good.App");
        run.hup("-w", "2", "broken.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, BOUND, "the reload aborted");
        run.hup("-w", "2", "good.App");
        assertOnlyGenerationServes(run, 3);
    }

    @Test
    void hupBeforeTheFirstGenerationIsReadySupersedesIt() {
        PoolRun run = new PoolRun(dir, "-w", "2", "good.App");
        run.runFor(Duration.ofMillis(1000));
        run.hup("-w", "2", "good.App");
        assertOnlyGenerationServes(run, 2);
        assertTrue(run.workers.ofGeneration(1).stream().noneMatch(FakeWorkers.Worker::serving), run.workers.all().toString());
    }

    @Test
    void brokenHupBeforeTheFirstGenerationIsReadyHalts() {
        PoolRun run = new PoolRun(dir, "-w", "2", "good.App");
        run.runFor(Duration.ofMillis(1000));
        run.hup("-w", "2", "broken.App");
        assertEquals(4, run.runUntilHalt(BOUND), "nothing was ever ready to fall back to");
    }

    @Test
    void everyStateChangeIsOneLogLine() {
        PoolRun run = serving("-w", "1", "good.App");
        long pid = run.workers.serving().get(0).pid;
        run.hup("-w", "1", "good.App");
        assertOnlyGenerationServes(run, 2);
        assertEquals(1, run.count("worker=1 pid=" + pid + " booting -> ready"), run.log());
        assertEquals(1, run.count("worker=1 pid=" + pid + " ready -> retiring: TERM sent (replaced by generation=2), KILL in 31s"),
                run.log());
        assertEquals(1, run.count("worker exited: worker=1 pid=" + pid + " retiring -> exited (code=0)"), run.log());
    }

    @Test
    void aReloadWaitsForNewWorkersAsLongAsTheBootAllowance() {
        PoolRun run = serving("-w", "2", "-t", "6", "--graceful-timeout", "5", "good.App");
        double hupAt = run.seconds();
        // graceful_timeout + timeout would be 11 s; slow.App boots in 60 s, and a booting worker has 120 s
        run.hup("-w", "2", "-t", "6", "--graceful-timeout", "5", "slow.App");
        run.runUntil(() -> run.count("reload complete: generation=2") == 1, Duration.ofSeconds(90), "the reload complete");
        assertTrue(run.seconds() - hupAt >= 60, "after the boot: " + (run.seconds() - hupAt) + "s");
        assertEquals(0, run.count("reload aborted, "), run.log());
        assertOnlyGenerationServes(run, 2);
    }

    @Test
    void reloadNotReadyWithinGracefulTimeoutIsAborted() {
        PoolRun run = serving("-w", "2", "-t", "0", "good.App");
        List<FakeWorkers.Worker> old = run.servingOf(1);
        double hupAt = run.seconds();
        run.hup("-w", "2", "-t", "0", "--graceful-timeout", "5", "slow.App");
        run.runUntil(() -> run.count("reload aborted, ") == 1, Duration.ofSeconds(6), "the reload aborted after 5 s");
        assertTrue(run.seconds() - hupAt >= 5, "not before the deadline: " + (run.seconds() - hupAt) + "s");
        assertTrue(run.log().contains("not ready within 5s"), run.log());
        assertOnlyGenerationServes(run, 1);
        assertEquals(old, run.workers.serving());
    }
}
