package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Config;
import dev.jgu.arbiter.config.WorkerSettings;
import dev.jgu.spi.ExitCodes;
import dev.jgu.spi.Server;
import dev.jgu.workers.core.Hooks;
import dev.jgu.workers.core.ErrorLog;
import dev.jgu.workers.core.Scoreboard;
import jnr.constants.platform.Signal;

import java.io.IOException;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongSupplier;

/**
 * The worker processes of one arbiter: spawning, reaping, timeouts, the target
 * count, and generations (a HUP starts a new one; an old worker is stopped only
 * once a new one is ready). Called from the arbiter loop thread only.
 */
final class WorkerPool {

    private static final int SLOTS = 1024;
    private static final long SECOND = 1_000_000_000L;
    /** After QUIT (thread dump): ABRT (worker_abort hook, exit 1) after this long... */
    private static final long ABORT_DELAY = SECOND / 4;
    /** ...and KILL after this long, if it is still there. */
    private static final long ABORT_GRACE = 2 * SECOND;
    private static final long MIN_BACKOFF = SECOND / 10;
    /** The least time a booting worker gets before it counts as hung, whatever {@code timeout} says. */
    private static final int BOOT_TIMEOUT_SECONDS = 30;
    private static final long MAX_BACKOFF = 10 * SECOND;

    /** Only to start real workers ({@link #start(RunDir, List, Config, WorkerIdentity)}); null in unit tests. */
    private final Posix posix;
    private final ErrorLog log;
    /** Nanoseconds on the scoreboard's heartbeat clock (System.nanoTime); a fake one in unit tests. */
    private final LongSupplier clock;
    private Hooks hooks;
    private Server server;
    private final Map<Long, WorkerHandle> workers = new LinkedHashMap<>();
    private final BitSet slots = new BitSet(SLOTS);
    private WorkerSlots scoreboard;
    private Config config;
    private WorkerProcesses spawner;
    private int generation;
    private int target;
    private int nextAge;
    private Generation reloading;
    private long backoff;
    private long nextSpawnAt;
    /** Workers of one generation usually fail to boot for one reason: say it once. */
    private String lastBootError;

    /** A reload in progress: what to go back to if the new generation cannot boot. */
    private record Generation(int number, Config config, long deadline) {
    }

    WorkerPool(Posix posix, ErrorLog log) {
        this(posix, log, System::nanoTime);
    }

    WorkerPool(Posix posix, ErrorLog log, LongSupplier clock) {
        this.posix = posix;
        this.log = log;
        this.clock = clock;
        this.hooks = Hooks.none(log);
    }

    void hooks(Hooks loaded, Server view) {
        this.hooks = loaded;
        this.server = view;
    }

    private void setTarget(int next, String why) {
        int old = target;
        target = next;
        if (old != next) {
            log.info("workers: target " + old + " -> " + next + " (" + why + ")");
            hooks.run("nworkers_changed", h -> h.nworkersChanged(server, next, old));
        }
    }

    void start(RunDir dir, List<ListenerSocket> sockets, Config initial, WorkerIdentity workerIdentity) throws IOException {
        WorkerSpawner real = new WorkerSpawner(Objects.requireNonNull(posix), dir, sockets, workerIdentity);
        WorkerSlots board = WorkerSlots.of(Scoreboard.create(dir.scoreboard(), SLOTS));
        real.shareRunDir();
        start(real, board, initial);
    }

    /** Starts the first generation on these processes and this scoreboard. */
    void start(WorkerProcesses processes, WorkerSlots board, Config initial) throws IOException {
        this.spawner = processes;
        this.scoreboard = board;
        beginGeneration(initial);
        setTarget(initial.get(WorkerSettings.WORKERS), "start");
    }

    private void beginGeneration(Config next) throws IOException {
        spawner.writeSettings(generation + 1, next);
        generation++;
        config = next;
    }

    int size() {
        return workers.size();
    }

    /** Spawns one worker of the current generation. */
    private void spawnWorker() {
        int slot = slots.nextClearBit(0);
        if (slot >= SLOTS) {
            log.error("cannot spawn: all " + SLOTS + " scoreboard slots in use");
            return;
        }
        int age = ++nextAge;
        hooks.run("pre_spawn", h -> h.preSpawn(server, age));
        scoreboard.claim(slot, -1, age, clock.getAsLong());
        WorkerProcesses.Spawned spawned;
        try {
            spawned = spawner.spawn(slot, age, generation, config);
        } catch (IOException e) {
            scoreboard.release(slot);
            delayNextSpawn();
            log.error("cannot spawn worker=" + age + ": " + e.getMessage() + "; next try in " + backoff / 1_000_000 + "ms");
            return;
        }
        scoreboard.claim(slot, spawned.pid(), age, clock.getAsLong());
        slots.set(slot);
        workers.put(spawned.pid(), new WorkerHandle(spawned.pid(), age, slot, generation, spawned.pipeWriteFd()));
        log.info("spawned worker: worker=" + age + " pid=" + spawned.pid() + " generation=" + generation);
    }

    /**
     * Reaps every worker that exited.
     *
     * @return an exit code when a worker's boot or app-load failure must halt the arbiter
     */
    Optional<Integer> reapWorkers() {
        Optional<Integer> halt = Optional.empty();
        for (WorkerHandle w : List.copyOf(workers.values())) {
            Posix.Exit exit = spawner.reap(w.pid);
            if (!exit.exited()) {
                continue;
            }
            workers.remove(w.pid);
            slots.clear(w.slot);
            scoreboard.release(w.slot);
            spawner.closePipe(w.pipeWriteFd);
            String bootError = spawner.takeBootError(w.age).orElse(null);
            logExit(w, exit, bootError);
            hooks.run("child_exit", h -> h.childExit(server, w.age, w.pid, exit.code()));
            boolean bootFailure = exit.code() == ExitCodes.WORKER_BOOT_ERROR || exit.code() == ExitCodes.APP_LOAD_ERROR;
            if (bootFailure && reloading != null && w.generation == generation) {
                abortReload("worker=" + w.age + " exited with " + exit.describe() + (bootError == null ? "" : ": " + bootError));
            } else if (bootFailure && !w.stopRequested && w.generation == generation) {
                halt = Optional.of(exit.code());
            } else if (!w.stopRequested && "booting".equals(w.state)) {
                delayNextSpawn();
                log.warn("worker died while booting: " + w.id() + ", next spawn in " + backoff / 1_000_000 + "ms");
            }
        }
        return halt;
    }

    /** Crash loops and failing spawns back off: 100 ms, doubling, up to 10 s; a ready worker resets it. */
    private void delayNextSpawn() {
        backoff = Math.min(MAX_BACKOFF, Math.max(MIN_BACKOFF, backoff * 2));
        nextSpawnAt = clock.getAsLong() + backoff;
    }

    private void logExit(WorkerHandle w, Posix.Exit exit, String bootError) {
        if (bootError != null && bootError.equals(lastBootError)) {
            log.error("worker failed to boot: " + w.id() + " " + exit.describe() + " (the same error)");
        } else if (bootError != null) {
            lastBootError = bootError;
            log.critical("worker failed to boot: " + w.id() + " " + exit.describe() + ": " + bootError);
        } else if (exit.signal() == 9 && !w.killed) {
            log.error("worker killed: " + w.id() + " signal=9 (SIGKILL), perhaps out of memory");
        } else if (w.stopRequested || w.killed || exit.code() == 0) {
            log.info("worker exited: " + w.id() + " " + exit.describe());
        } else {
            log.error("worker exited unexpectedly: " + w.id() + " " + exit.describe());
        }
    }

    /** Logs every worker's state change seen in the scoreboard; finishes a reload when the new generation is ready. */
    void noticeStateChanges() {
        for (WorkerHandle w : workers.values()) {
            String now = scoreboard.state(w.slot).name().toLowerCase(java.util.Locale.ROOT);
            if (!now.equals(w.state) && !"free".equals(now)) {
                log.info(w.id() + " " + w.state + " -> " + now);
                if ("ready".equals(now)) {
                    backoff = 0;
                }
                w.state = now;
            }
        }
        if (reloading != null) {
            long ready = current().filter(w -> "ready".equals(w.state)).count();
            if (ready >= target) {
                log.info("reload complete: generation=" + generation + " workers=" + ready);
                reloading = null;
            } else if (clock.getAsLong() > reloading.deadline()) {
                abortReload("new workers not ready within " + config.get(WorkerSettings.GRACEFUL_TIMEOUT) + "s");
            }
        }
    }

    private java.util.stream.Stream<WorkerHandle> current() {
        return workers.values().stream().filter(w -> w.generation == generation && !w.stopRequested);
    }

    void killTimedOutWorkers(int timeoutSeconds) {
        if (timeoutSeconds <= 0) {
            return;
        }
        long now = clock.getAsLong();
        for (WorkerHandle w : workers.values()) {
            if (w.abortedAt != 0) {
                if (now - w.abortedAt > ABORT_DELAY && !w.abortSent) {
                    w.abortSent = true;
                    spawner.signal(w.pid, Signal.SIGABRT);
                }
                if (now - w.abortedAt > ABORT_GRACE && !w.killed) {
                    w.killed = true;
                    spawner.signal(w.pid, Signal.SIGKILL);
                }
                continue;
            }
            long silent = now - scoreboard.heartbeat(w.slot);
            // A booting worker (JVM start, app construction) is not yet heartbeating: it gets at
            // least BOOT_TIMEOUT, so a slow app or a loaded machine does not cost a boot loop.
            long limit = "booting".equals(w.state) ? Math.max(timeoutSeconds, BOOT_TIMEOUT_SECONDS) : timeoutSeconds;
            if (silent > limit * SECOND) {
                log.critical("worker timeout: " + w.id() + " (" + silent / SECOND + "s > " + limit
                        + "s" + ("booting".equals(w.state) ? " while booting" : "") + "), sending QUIT (thread dump), ABRT (abort), then KILL");
                w.abortedAt = now;
                w.stopRequested = true;
                spawner.signal(w.pid, Signal.SIGQUIT);
            }
        }
    }

    /** Spawns or retires workers until the current generation has {@code target} and old ones are replaced. */
    void maintainWorkerCount() {
        long running = current().count();
        while (running < target && clock.getAsLong() >= nextSpawnAt) {
            spawnWorker();
            running++;
            if (backoff > 0) {
                nextSpawnAt = clock.getAsLong() + backoff;
                break;
            }
        }
        if (running > target) {
            retireOldest(current().toList(), (int) (running - target));
        }
        // Old generations keep serving until as many new workers are ready.
        long ready = current().filter(w -> "ready".equals(w.state)).count();
        List<WorkerHandle> old = workers.values().stream()
                .filter(w -> w.generation != generation && !w.stopRequested).toList();
        long allowed = Math.max(0, target - ready);
        if (old.size() > allowed) {
            retireOldest(old, (int) (old.size() - allowed));
        }
    }

    private void retireOldest(List<WorkerHandle> candidates, int count) {
        candidates.stream().sorted(Comparator.comparingInt(w -> w.age)).limit(count).forEach(w -> {
            w.stopRequested = true;
            log.info("retiring worker: " + w.id() + " generation=" + w.generation);
            spawner.signal(w.pid, Signal.SIGTERM);
        });
    }

    /** @return workers of the current generation that reported ready */
    long readyCount() {
        return current().filter(w -> "ready".equals(w.state)).count();
    }

    int target() {
        return target;
    }

    boolean reloading() {
        return reloading != null;
    }

    /** WINCH: stop every worker but keep the sockets; TTIN or HUP brings workers back. */
    void stopWorkers() {
        setTarget(0, "WINCH: listening sockets kept");
    }

    void addWorker() {
        setTarget(target + 1, "TTIN");
    }

    void removeWorker() {
        if (target == 0) {
            return;
        }
        if (target <= 1) {
            log.info("workers: target stays 1 (TTOU never goes below 1)");
            return;
        }
        setTarget(target - 1, "TTOU");
    }

    void reload(Config next) {
        if (reloading != null) {
            log.warn("reload: a reload is already in progress (generation " + generation + "); starting another");
        }
        Generation previous = new Generation(generation, config, 0);
        try {
            beginGeneration(next);
        } catch (IOException e) {
            log.error("reload failed: cannot write worker settings: " + e.getMessage());
            return;
        }
        long deadline = clock.getAsLong() + Math.max(1, next.get(WorkerSettings.GRACEFUL_TIMEOUT)) * SECOND
                + Math.max(0, next.get(WorkerSettings.TIMEOUT)) * SECOND;
        reloading = new Generation(previous.number(), previous.config(), deadline);
        setTarget(next.get(WorkerSettings.WORKERS), "reload");
        backoff = 0;
        nextSpawnAt = 0;
        log.info("reloading: generation=" + generation + " workers=" + target);
    }

    private void abortReload(String why) {
        Generation back = reloading;
        reloading = null;
        log.error("reload aborted, old workers keep serving: " + why);
        workers.values().stream().filter(w -> w.generation == generation && !w.stopRequested).forEach(w -> {
            w.stopRequested = true;
            spawner.signal(w.pid, Signal.SIGTERM);
        });
        generation = back.number();
        config = back.config();
        setTarget(config.get(WorkerSettings.WORKERS), "reload aborted");
    }

    void signalAll(Signal signal) {
        workers.values().forEach(w -> spawner.signal(w.pid, signal));
    }

    /**
     * Stops every worker: TERM (graceful) or INT (quick), then KILL after the grace
     * period. An INT arriving during a graceful stop switches to quick.
     */
    void stopAll(boolean graceful, int graceSeconds, BlockingQueue<Command> commands) {
        Signal signal = graceful ? Signal.SIGTERM : Signal.SIGINT;
        workers.values().forEach(w -> {
            w.stopRequested = true;
            spawner.signal(w.pid, signal);
        });
        long deadline = clock.getAsLong() + (graceful ? Math.max(0, graceSeconds) * SECOND : SECOND);
        while (!workers.isEmpty() && clock.getAsLong() < deadline) {
            Command c = commands.poll();
            if (graceful && c == Command.QUICK_STOP) {
                log.info("shutting down: switching to quick (INT during graceful stop)");
                signalAll(Signal.SIGINT);
                graceful = false;
                deadline = Math.min(deadline, clock.getAsLong() + SECOND);
            }
            reapWorkers();
            sleep(20);
        }
        for (WorkerHandle w : workers.values()) {
            log.warn("worker did not stop in time: " + w.id() + ", sending KILL");
            w.killed = true;
            spawner.signal(w.pid, Signal.SIGKILL);
        }
        long killDeadline = clock.getAsLong() + 2 * SECOND;
        while (!workers.isEmpty() && clock.getAsLong() < killDeadline) {
            reapWorkers();
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        if (scoreboard != null) {
            try {
                scoreboard.close();
            } catch (IOException e) {
                log.warn("scoreboard: close failed: " + e.getMessage());
            }
        }
    }
}
