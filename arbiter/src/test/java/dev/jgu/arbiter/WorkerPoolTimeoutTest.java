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

/** A silent worker gets QUIT, ABRT, then KILL; a retiring one KILL after the graceful timeout. */
class WorkerPoolTimeoutTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private PoolRun serving(String... args) {
        return PoolRun.serving(dir, args);
    }

    @Test
    void hungWorkerGetsQuitThenAbortAndIsReplaced() {
        PoolRun run = serving("-w", "1", "-t", "2", "good.App");
        FakeWorkers.Worker hung = run.workers.serving().get(0);
        hung.hung = true;
        run.runUntil(() -> !hung.alive(), Duration.ofSeconds(5), "the hung worker gone");
        assertEquals(List.of(Signal.SIGQUIT, Signal.SIGABRT), hung.signals);
        assertTrue(run.log().contains("worker timeout: worker=1 pid=" + hung.pid), run.log());
        run.runUntil(() -> run.servingOf(1).size() == 1, Duration.ofSeconds(5), "a replacement serving");
        assertEquals(0, run.count("died while booting"), run.log());
    }

    @Test
    void workerIgnoringAbortIsKilledTwoSecondsAfterQuit() {
        PoolRun run = serving("-w", "1", "-t", "2", "good.App");
        FakeWorkers.Worker hung = run.workers.serving().get(0);
        hung.hung = true;
        hung.stuck = true;
        run.runUntil(() -> hung.signals.contains(Signal.SIGQUIT), Duration.ofSeconds(5), "QUIT");
        double quitAt = run.seconds();
        run.runUntil(() -> !hung.alive(), Duration.ofSeconds(5), "the stuck worker gone");
        assertEquals(List.of(Signal.SIGQUIT, Signal.SIGABRT, Signal.SIGKILL), hung.signals);
        assertTrue(run.seconds() - quitAt >= 2, "KILL 2 s after QUIT, was " + (run.seconds() - quitAt));
        assertFalse(run.log().contains("perhaps out of memory"), "a KILL the arbiter sent is no OOM:\n" + run.log());
    }

    @Test
    void bootingWorkerGetsTwoMinutesWhateverTheTimeout() throws java.io.IOException {
        PoolRun slow = new PoolRun(dir, "-w", "1", "-t", "3", "slow.App");
        slow.runFor(Duration.ofSeconds(70));
        assertEquals(0, slow.count("worker timeout"), "a 60 s boot (a big WAR on a busy machine) is no hang:\n" + slow.log());
        PoolRun stuck = new PoolRun(java.nio.file.Files.createDirectories(dir.resolve("stuck")), "-w", "1", "-t", "3", "stuck.App");
        stuck.runFor(Duration.ofSeconds(119));
        assertEquals(0, stuck.count("worker timeout"), stuck.log());
        stuck.runFor(Duration.ofSeconds(2));
        assertEquals(1, stuck.count("worker timeout"), stuck.log());
        assertTrue(stuck.log().contains("while booting"), stuck.log());
    }

    @Test
    void retiringWorkerIgnoringTermIsKilledAfterGracefulTimeout() {
        PoolRun run = serving("-w", "2", "--graceful-timeout", "3", "good.App");
        run.workers.serving().forEach(w -> w.stuck = true);
        run.hup("-w", "2", "--graceful-timeout", "3", "good.App");
        run.runUntil(() -> run.workers.ofGeneration(1).stream().allMatch(w -> w.signals.contains(Signal.SIGTERM)),
                BOUND, "old workers told to stop");
        double termAt = run.seconds();
        run.runUntil(() -> run.workers.ofGeneration(1).stream().noneMatch(FakeWorkers.Worker::alive),
                Duration.ofSeconds(10), "old workers killed");
        assertTrue(run.seconds() - termAt >= 3, "not before graceful_timeout: " + (run.seconds() - termAt));
        run.workers.ofGeneration(1).forEach(w -> assertEquals(List.of(Signal.SIGUSR1, Signal.SIGTERM, Signal.SIGKILL), w.signals));
        assertEquals(List.of(), run.unserved());
    }

    @Test
    void readyWorkerTimeoutDuringReloadLeavesTheReloadRunning() {
        PoolRun run = serving("-w", "2", "-t", "5", "good.App");
        FakeWorkers.Worker hung = run.workers.serving().get(0);
        FakeWorkers.Worker other = run.workers.serving().get(1);
        run.workers.nextBoots(FakeWorkers.Boot.ready(10_000), FakeWorkers.Boot.ready(10_000));
        run.hup("-w", "2", "-t", "5", "good.App");
        hung.hung = true;
        run.runUntil(() -> !hung.alive(), Duration.ofSeconds(8), "the hung old worker gone");
        assertTrue(run.pool.reloading(), "the reload goes on");
        assertEquals(List.of(other), run.workers.serving(), "the other old worker serves alone");
        run.runUntil(() -> run.count("reload complete") == 1, BOUND, "the reload complete");
        run.runUntil(() -> run.servingOf(2).size() == 2 && run.workers.alive().size() == 2, BOUND, "generation 2 alone");
        assertEquals(2, run.workers.ofGeneration(1).size(), "no old worker was spawned");
        assertEquals(List.of(), run.unserved());
        assertEquals(0, run.count("reload aborted, "), run.log());
    }

    @Test
    void newWorkerTimeoutDuringReloadIsReplacedWithinTheGeneration() {
        PoolRun run = serving("-w", "2", "-t", "2", "good.App");
        run.hup("-w", "2", "-t", "2", "good.App");
        run.runUntil(() -> !run.servingOf(2).isEmpty(), BOUND, "a new worker ready");
        FakeWorkers.Worker hung = run.servingOf(2).get(0);
        hung.hung = true;
        run.runUntil(() -> !hung.alive(), Duration.ofSeconds(5), "the hung new worker gone");
        run.runUntil(() -> run.servingOf(2).size() == 2 && run.workers.alive().size() == 2, BOUND, "generation 2 alone");
        assertEquals(List.of(), run.unserved());
        assertEquals(0, run.count("reload aborted, "), run.log());
    }
}
