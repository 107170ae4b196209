package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Cli;
import dev.jgu.arbiter.config.Config;
import dev.jgu.arbiter.config.Outcome;
import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.settings.WorkerSettings;
import jnr.constants.platform.Signal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A {@link WorkerPool} driven as the arbiter loop drives it (reap, notice state
 * changes, kill timed-out workers, maintain the count: one turn per 100 ms of a
 * fake clock) over {@link FakeWorkers}. It records every moment no worker was
 * serving after the first one was, and the exit code when the pool asked to halt.
 */
final class PoolRun {

    static final long TICK = 100_000_000L;

    private final Path dir;
    private final Path logFile;
    private long now = 1_000_000_000_000L;
    final FakeWorkers workers = new FakeWorkers(() -> now);
    final WorkerPool pool;
    private Config config;
    private Integer halted;
    private boolean everServed;
    private final List<String> unserved = new ArrayList<>();

    /** @param args a command line: {@code -w 2 good.App} */
    /** A pool started with {@code args} and run until its first generation serves at its target. */
    static PoolRun serving(Path dir, String... args) {
        PoolRun run = new PoolRun(dir, args);
        run.runUntil(() -> run.servingOf(1).size() == run.pool.target(), Duration.ofSeconds(60), "generation 1 serving");
        return run;
    }

    PoolRun(Path dir, String... args) {
        this.dir = dir;
        this.logFile = dir.resolve("error.log");
        this.pool = new WorkerPool(null, new ErrorLog(logFile.toString(), ErrorLog.Level.DEBUG), () -> now);
        this.config = config(args);
        try {
            pool.start(workers, workers, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Config config(String... args) {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Outcome outcome = Cli.parse(args, Map.of(), dir, discard, discard);
        if (outcome instanceof Outcome.Serve serve) {
            return serve.config();
        }
        throw new AssertionError("not a serving command line: " + List.of(args) + " -> " + outcome);
    }

    /** HUP with a new configuration, as {@code Arbiter.reload()} does it: reopen logs (USR1), then the new generation. */
    void hup(String... args) {
        config = config(args);
        pool.signalAll(Signal.SIGUSR1);
        pool.reload(config);
    }

    /** One turn of the arbiter loop, 100 ms after the last. */
    void tick() {
        if (halted != null) {
            throw new AssertionError("the pool halted with exit " + halted + " at " + seconds() + "s\n" + log());
        }
        now += TICK;
        workers.step();
        Optional<Integer> halt = pool.reapWorkers();
        if (halt.isPresent()) {
            halted = halt.get();
            return;
        }
        pool.noticeStateChanges();
        pool.killTimedOutWorkers(config.get(WorkerSettings.TIMEOUT));
        pool.recycleByMemory();
        pool.maintainWorkerCount();
        int serving = workers.serving().size();
        everServed |= serving > 0;
        if (everServed && serving == 0) {
            unserved.add(seconds() + "s");
        }
    }

    void runFor(Duration duration) {
        long end = now + duration.toNanos();
        while (now < end && halted == null) {
            tick();
        }
    }

    /** Turns the loop until {@code done}, failing after {@code limit} of fake time. */
    void runUntil(BooleanSupplier done, Duration limit, String what) {
        long end = now + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (now >= end) {
                throw new AssertionError("not within " + limit + ": " + what + "\nworkers: " + workers.all() + "\n" + log());
            }
            tick();
        }
    }

    /** Turns the loop until the pool halts, and returns its exit code. */
    int runUntilHalt(Duration limit) {
        long end = now + limit.toNanos();
        while (halted == null) {
            if (now >= end) {
                throw new AssertionError("no halt within " + limit + "\nworkers: " + workers.all() + "\n" + log());
            }
            tick();
        }
        return halted;
    }

    boolean halted() {
        return halted != null;
    }

    /** The moments (fake seconds) no worker served after one first did; empty when capacity never dropped to zero. */
    List<String> unserved() {
        return List.copyOf(unserved);
    }

    List<FakeWorkers.Worker> servingOf(int generation) {
        return workers.serving().stream().filter(w -> w.generation == generation).toList();
    }

    double seconds() {
        return (now - 1_000_000_000_000L) / 1e9;
    }

    long now() {
        return now;
    }

    String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int count(String text) {
        String log = log();
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }
}
