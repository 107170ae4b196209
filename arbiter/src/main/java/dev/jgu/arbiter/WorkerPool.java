package dev.jgu.arbiter;

import dev.jgu.arbiter.BootFailures.Phase;
import dev.jgu.arbiter.BootFailures.Verdict;
import dev.jgu.arbiter.WorkerHandle.State;
import dev.jgu.arbiter.config.Config;
import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.Hooks;
import dev.jgu.protocol.Scoreboard;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.Server;
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
 * count, and generations. A HUP starts a new generation; workers of older ones
 * are retired only as workers of the newest become ready, so the last generation
 * that was ready serves until the newest one is. Boot failures halt the arbiter
 * only before the first generation is ready (docs/design.md, "Worker lifecycle").
 * Called from the arbiter loop thread only.
 */
final class WorkerPool {

    private static final int SLOTS = 1024;
    private static final long SECOND = 1_000_000_000L;
    /** After QUIT (thread dump): ABRT (worker_abort hook, exit 1) after this long... */
    private static final long ABORT_DELAY = SECOND / 4;
    /** ...and KILL after this long, if it is still there. */
    private static final long ABORT_GRACE = 2 * SECOND;
    /** A retiring worker ends its own drain at graceful_timeout; KILL comes this much later, so the worker's own limit acts first. */
    private static final long KILL_MARGIN = SECOND;
    /** The least time a booting worker gets before it counts as hung, whatever {@code timeout} says. */
    private static final int BOOT_TIMEOUT_SECONDS = 120;

    /** A HUP's generation that is not ready yet, and when the reload gives up on it. */
    private record Reload(long deadline) {
    }

    /** Only to start real workers ({@link #start(RunDir, List, Config, WorkerIdentity)}); null in unit tests. */
    private final Posix posix;
    private final ErrorLog log;
    private static final long MEMORY_CHECK_INTERVAL = 5 * SECOND;
    private long nextMemoryCheck;
    private final java.util.Set<Integer> memoryWarned = new java.util.HashSet<>();
    /** Nanoseconds on the scoreboard's heartbeat clock (System.nanoTime); a fake one in unit tests. */
    private final LongSupplier clock;
    private Hooks hooks;
    private Server server;
    private WorkerProcesses processes;
    private WorkerSlots scoreboard;
    private final Map<Long, WorkerHandle> workers = new LinkedHashMap<>();
    private final BitSet slots = new BitSet(SLOTS);
    /** The last generation that became ready: what a failed reload falls back to. Null until the first one is. */
    private Generation serving;
    /** The generation new workers are spawned from. */
    private Generation newest;
    private Reload reload;
    /** The highest generation number given out: an aborted one's number is not reused. */
    private int generations;
    /** Generations whose settings file is still in the run dir. */
    private final java.util.SortedSet<Integer> settingsKept = new java.util.TreeSet<>();
    private int target;
    private int nextAge;
    private final Backoff backoff = new Backoff();
    private final BootFailures bootFailures;
    private final PoolCounters counters = new PoolCounters();
    /** The real scoreboard, for the metrics endpoint's lock-free reads; null in unit tests. */
    private Scoreboard shared;

    WorkerPool(Posix posix, ErrorLog log) {
        this(posix, log, System::nanoTime);
    }

    WorkerPool(Posix posix, ErrorLog log, LongSupplier clock) {
        this.posix = posix;
        this.log = log;
        this.clock = clock;
        this.hooks = Hooks.none(log);
        this.bootFailures = new BootFailures(log, backoff);
    }

    void hooks(Hooks loaded, Server view) {
        this.hooks = loaded;
        this.server = view;
    }

    private void setTarget(int next, String why) {
        int old = target;
        target = next;
        counters.target(next);
        if (old != next) {
            log.info("workers: target " + old + " -> " + next + " (" + why + ")");
            hooks.run("nworkers_changed", h -> h.nworkersChanged(server, next, old));
        }
    }

    void start(RunDir dir, List<ListenerSocket> sockets, Config initial, WorkerIdentity workerIdentity, int statsdFd) throws IOException {
        WorkerSpawner real = new WorkerSpawner(Objects.requireNonNull(posix), dir, sockets, workerIdentity, statsdFd, log);
        shared = Scoreboard.create(dir.scoreboard(), SLOTS);
        WorkerSlots board = WorkerSlots.of(shared);
        real.shareRunDir();
        start(real, board, initial);
    }

    /** Starts the first generation on these processes and this scoreboard. */
    void start(WorkerProcesses started, WorkerSlots board, Config initial) throws IOException {
        this.processes = started;
        this.scoreboard = board;
        newest = nextGeneration(initial);
        setTarget(initial.get(WorkerSettings.WORKERS), "start");
    }

    private Generation nextGeneration(Config config) throws IOException {
        processes.writeSettings(generations + 1, config);
        generations++;
        settingsKept.add(generations);
        return new Generation(generations, config);
    }

    private Phase phase() {
        return serving == null ? Phase.STARTING : reload != null ? Phase.RELOADING : Phase.SERVING;
    }

    int size() {
        return workers.size();
    }

    /** @return the exit and reload counts, thread-safe to read */
    PoolCounters counters() {
        return counters;
    }

    /** @return the scoreboard every worker writes, for lock-free reads from another thread; null before start */
    Scoreboard scoreboard() {
        return shared;
    }

    /** Spawns one worker of the newest generation. */
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
            spawned = processes.spawn(slot, age, newest.number(), newest.config());
        } catch (IOException e) {
            scoreboard.release(slot);
            backoff.failed(clock.getAsLong());
            log.error("cannot spawn worker=" + age + ": " + e.getMessage() + "; next try in " + backoff.millis() + "ms");
            return;
        }
        scoreboard.claim(slot, spawned.pid(), age, clock.getAsLong());
        slots.set(slot);
        counters.slotUsed(slot);
        workers.put(spawned.pid(), new WorkerHandle(spawned.pid(), age, slot, newest, spawned.pipeWriteFd(), clock.getAsLong(), log));
        log.info("spawned worker: worker=" + age + " pid=" + spawned.pid() + " generation=" + newest.number());
    }

    /**
     * Reaps every worker that exited.
     *
     * @return an exit code when a boot failure must halt the arbiter
     */
    Optional<Integer> reapWorkers() {
        for (WorkerHandle w : List.copyOf(workers.values())) {
            Posix.Exit exit = processes.reap(w.pid);
            if (!exit.exited()) {
                continue;
            }
            workers.remove(w.pid);
            counters.exited(ExitCause.of(w.retiredFor, w.is(State.TIMED_OUT), w.is(State.BOOTING), exit, scoreboard.stop(w.slot)));
            slots.clear(w.slot);
            scoreboard.release(w.slot);
            processes.closePipe(w.pipeWriteFd);
            String note = processes.takeBootError(w.age, w.is(WorkerHandle.State.BOOTING)).orElse(null);
            Verdict verdict = bootFailures.exited(w, exit, note, phase(), w.generation == newest, clock.getAsLong());
            hooks.run("child_exit", h -> h.childExit(server, w.age, w.pid, exit.code()));
            if (verdict instanceof Verdict.Halt halt) {
                // nothing more may happen once halting: the rest are reaped by stopAll
                return Optional.of(halt.code());
            }
            if (verdict instanceof Verdict.AbortReload abort) {
                abortReload(abort.why());
            }
        }
        removePastSettings();
        return Optional.empty();
    }

    /**
     * Removes the settings file of each generation that is neither the newest nor the serving one
     * and has no worker left (50 HUPs would otherwise leave 50 files in {@code worker_tmp_dir}).
     */
    private void removePastSettings() {
        for (int g : List.copyOf(settingsKept)) {
            boolean current = g == newest.number() || serving != null && g == serving.number();
            if (!current && workers.values().stream().noneMatch(w -> w.generation.number() == g)) {
                processes.removeSettings(g);
                settingsKept.remove(g);
            }
        }
    }

    /** Follows what workers wrote in the scoreboard; a generation whose workers are all ready becomes the serving one. */
    void noticeStateChanges() {
        long now = clock.getAsLong();
        for (WorkerHandle w : workers.values()) {
            Scoreboard.State seen = scoreboard.state(w.slot);
            if (w.is(State.BOOTING) && seen == Scoreboard.State.READY) {
                w.ready();
                lookAtMemory(w);
                backoff.reset();
                bootFailures.reset();
            } else if (w.active() && seen == Scoreboard.State.DRAINING) {
                w.drainingOnItsOwn(now, killAt(w, now));
            }
        }
        long ready = readyCount();
        if (newest != serving && target > 0 && ready >= target) {
            log.info(reload != null ? "reload complete: " + newest + " workers=" + ready
                    : "generation ready: " + newest + " workers=" + ready + "; from now on a boot failure no longer halts the arbiter");
            if (reload != null) {
                counters.reloaded(PoolCounters.ReloadOutcome.SUCCEEDED);
            }
            serving = newest;
            reload = null;
        } else if (phase() == Phase.RELOADING && now > reload.deadline()) {
            abortReload("new workers not ready within " + reloadAllowanceSeconds(newest.config()) + "s");
        }
    }

    /**
     * How long a HUP's generation has to be ready: {@code graceful_timeout} plus what a booting
     * worker is allowed before it counts as hung, max({@code timeout}, 120 s), so a reload never
     * gives up on workers the hang check still lets boot; with {@code timeout = 0} (no hang
     * checks) {@code graceful_timeout} alone.
     */
    private static long reloadAllowanceSeconds(Config next) {
        int timeout = next.get(WorkerSettings.TIMEOUT);
        return Math.max(1, next.get(WorkerSettings.GRACEFUL_TIMEOUT)) + (timeout <= 0 ? 0 : Math.max(timeout, BOOT_TIMEOUT_SECONDS));
    }

    private long killAt(WorkerHandle w, long now) {
        return now + Math.max(0, w.generation.config().get(WorkerSettings.GRACEFUL_TIMEOUT)) * SECOND + KILL_MARGIN;
    }

    /** Sends the signals stopping workers are due, and QUIT to a booting or ready worker whose heartbeat is too old. */
    void killTimedOutWorkers(int timeoutSeconds) {
        long now = clock.getAsLong();
        for (WorkerHandle w : workers.values()) {
            w.due(now).forEach(signal -> processes.signal(w.pid, signal));
            // A retiring worker is bounded by its KILL deadline: it may be booting still (superseded), with no heartbeat yet.
            if (timeoutSeconds <= 0 || !w.active()) {
                continue;
            }
            long silent = now - scoreboard.heartbeat(w.slot);
            // A booting worker (JVM start, app construction) is not yet heartbeating: it gets at
            // least BOOT_TIMEOUT, so a slow app or a loaded machine does not cost a boot loop.
            int limit = w.is(State.BOOTING) ? Math.max(timeoutSeconds, BOOT_TIMEOUT_SECONDS) : timeoutSeconds;
            if (silent > limit * SECOND) {
                processes.signal(w.pid, Signal.SIGQUIT);
                w.timedOut(silent, limit, now, now + ABORT_DELAY, now + ABORT_GRACE);
            }
        }
    }

    /**
     * {@code max_worker_memory}: every 5 s, a ready worker whose RSS passed its generation's limit
     * is retired (TERM: it finishes its requests) and replaced. One over the limit when it
     * becomes ready is left alone, and that is said once per generation: recycling it would
     * only start a loop.
     */
    void recycleByMemory() {
        long now = clock.getAsLong();
        if (now < nextMemoryCheck) {
            return;
        }
        nextMemoryCheck = now + MEMORY_CHECK_INTERVAL;
        for (WorkerHandle w : List.copyOf(workers.values())) {
            if (w.is(State.READY)) {
                lookAtMemory(w);
            }
        }
    }

    /**
     * Compares a ready worker's RSS with its generation's {@code max_worker_memory}. The first
     * look, as it becomes ready (or at the first check after, when its RSS could not be read
     * then), decides whether it is exempt; a later one retires it.
     */
    private void lookAtMemory(WorkerHandle w) {
        int limitMib = w.generation.config().get(WorkerSettings.MAX_WORKER_MEMORY);
        if (limitMib <= 0 || w.memoryExempt) {
            return;
        }
        long rss = processes.rssKib(w.pid);
        if (rss < 0) {
            return;
        }
        boolean first = !w.memoryChecked;
        w.memoryChecked = true;
        if (rss <= limitMib * 1024L) {
            return;
        }
        if (first) {
            w.memoryExempt = true;
            if (memoryWarned.add(w.generation.number())) {
                log.warn("max_worker_memory: " + w.id() + " holds " + rss / 1024 + " MiB right after boot, over the limit of "
                        + limitMib + " MiB; not recycled (a new worker would be over it too): raise max_worker_memory");
            }
            return;
        }
        retire(w, Signal.SIGTERM, ExitCause.MEMORY, "max_worker_memory: RSS " + rss / 1024 + " MiB > " + limitMib + " MiB");
    }

    /**
     * Spawns or retires workers of the newest generation until it has {@code target};
     * retires booting workers of older generations at once, and their ready ones only
     * as ready workers of the newest replace them.
     */
    void maintainWorkerCount() {
        long running = active(newest).size();
        while (running < target && backoff.allows(clock.getAsLong())) {
            spawnWorker();
            running++;
            if (backoff.spawned(clock.getAsLong())) {
                break;
            }
        }
        if (running > target) {
            retireOldest(active(newest), (int) (running - target), target == 0 ? ExitCause.SHUTDOWN : ExitCause.SCALE_DOWN,
                    "above the target of " + target);
        }
        List<WorkerHandle> old = workers.values().stream().filter(w -> w.active() && w.generation != newest).toList();
        old.stream().filter(w -> w.is(State.BOOTING)).forEach(w -> retire(w, Signal.SIGTERM, ExitCause.RELOAD,
                w.generation.number() > newest.number() ? w.generation + " aborted" : "superseded by " + newest));
        List<WorkerHandle> oldReady = old.stream().filter(w -> w.is(State.READY)).toList();
        long allowed = Math.max(0, target - readyCount());
        if (oldReady.size() > allowed) {
            retireOldest(oldReady, (int) (oldReady.size() - allowed), ExitCause.RELOAD, "replaced by " + newest);
        }
    }

    private List<WorkerHandle> active(Generation generation) {
        return workers.values().stream().filter(w -> w.active() && w.generation == generation).toList();
    }

    private void retireOldest(List<WorkerHandle> candidates, int count, ExitCause cause, String why) {
        candidates.stream().sorted(Comparator.comparingInt(w -> w.age)).limit(count).forEach(w -> retire(w, Signal.SIGTERM, cause, why));
    }

    private void retire(WorkerHandle w, Signal signal, ExitCause cause, String why) {
        long now = clock.getAsLong();
        processes.signal(w.pid, signal);
        w.retire(signal, why, now, killAt(w, now));
        if (w.retiredFor == null) {
            w.retiredFor = cause;
        }
    }

    /** @return workers of the newest generation that reported ready */
    long readyCount() {
        return workers.values().stream().filter(w -> w.is(State.READY) && w.generation == newest).count();
    }

    /** @return the configuration of the generation workers are spawned from (after an aborted reload, the serving one's) */
    Config config() {
        return newest.config();
    }

    int target() {
        return target;
    }

    boolean reloading() {
        return reload != null;
    }

    /** WINCH: stop every worker but keep the sockets; TTIN brings back the last ready generation, HUP a new one. */
    void stopWorkers() {
        if (phase() == Phase.RELOADING) {
            counters.reloaded(PoolCounters.ReloadOutcome.ABANDONED);
            log.info("reload abandoned: WINCH stops every worker; TTIN brings back " + serving + ", HUP starts a new generation");
            newest = serving;
            reload = null;
        }
        setTarget(0, "WINCH: listening sockets kept");
    }

    /**
     * {@code jgu ctl scale N}: the target becomes {@code count}, as that many TTIN or TTOU would
     * make it (the oldest workers go first).
     *
     * @return what changed, or why nothing did
     */
    String scale(int count) {
        if (count < 1 || count > SLOTS) {
            throw new IllegalArgumentException("scale: expected 1 to " + SLOTS + " workers (the scoreboard's slots), got " + count);
        }
        int old = target;
        setTarget(count, "jgu ctl scale");
        return old == count ? "workers: target stays " + count : "workers: target " + old + " -> " + count;
    }

    /** What the loop publishes for other threads: every worker as the loop sees it now. */
    PoolSnapshot snapshot(long arbiterPid) {
        long now = clock.getAsLong();
        List<PoolSnapshot.Worker> seen = workers.values().stream().map(w -> new PoolSnapshot.Worker(w.age, w.pid, w.slot,
                w.generation.number(), w.state().toString(), scoreboard.requests(w.slot), scoreboard.busy(w.slot),
                scoreboard.connections(w.slot), Math.max(0, now - w.spawnedAt) / SECOND)).toList();
        return new PoolSnapshot(arbiterPid, newest.number(), serving == null ? 0 : serving.number(), reload != null, target, seen);
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

    /** HUP: a new generation; one not ready yet is superseded, and the last ready one serves until the new one is ready. */
    void reload(Config next) {
        Generation started;
        try {
            started = nextGeneration(next);
        } catch (IOException e) {
            counters.reloaded(PoolCounters.ReloadOutcome.FAILED);
            log.error("reload failed: cannot write worker settings: " + e.getMessage());
            return;
        }
        if (reload != null) {
            counters.reloaded(PoolCounters.ReloadOutcome.SUPERSEDED);
        }
        if (reload != null || phase() == Phase.STARTING && !workers.isEmpty()) {
            log.warn("reload: " + newest + " was not ready yet; " + started + " supersedes it"
                    + (serving == null ? "" : ", " + serving + " keeps serving"));
        }
        newest = started;
        long deadline = clock.getAsLong() + reloadAllowanceSeconds(next) * SECOND;
        reload = new Reload(deadline);
        setTarget(next.get(WorkerSettings.WORKERS), "reload");
        backoff.clear();
        bootFailures.reset();
        log.info("reloading: generation=" + newest.number() + " workers=" + target + (serving == null ? "" : " serving=" + serving.number()));
    }

    /** The newest generation cannot boot: back to the last ready one, with its target; the failed one's workers are retired. */
    private void abortReload(String why) {
        counters.reloaded(PoolCounters.ReloadOutcome.FAILED);
        log.error("reload aborted, old workers keep serving: " + why + "; " + serving + " serves on, " + newest + " is retired");
        newest = serving;
        reload = null;
        backoff.clear();
        bootFailures.reset();
        setTarget(serving.config().get(WorkerSettings.WORKERS), "reload aborted");
    }

    /**
     * Sends {@code signal} (USR1: reopen logs) to every ready or retiring worker. Not to a
     * booting one: its JVM may not have the handler yet, and USR1's default action ends
     * the process (a HUP during a reload killed every new worker that way).
     *
     * @return how many workers it was delivered to
     */
    int signalAll(Signal signal) {
        int delivered = 0;
        for (WorkerHandle w : workers.values()) {
            if ((w.is(State.READY) || w.is(State.RETIRING)) && processes.signal(w.pid, signal)) {
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * Stops every worker: TERM (graceful) or INT (quick), then KILL after the grace
     * period. An INT (or {@code jgu ctl shutdown quick}) arriving during a graceful stop switches to quick.
     */
    void stopAll(boolean graceful, int graceSeconds, BlockingQueue<Request> commands) {
        Signal signal = graceful ? Signal.SIGTERM : Signal.SIGINT;
        long deadline = clock.getAsLong() + (graceful ? Math.max(0, graceSeconds) * SECOND : SECOND);
        String why = graceful ? "graceful stop" : "quick stop";
        for (WorkerHandle w : workers.values()) {
            if (w.active() || w.is(State.RETIRING)) {
                processes.signal(w.pid, signal);
                w.retire(signal, why, clock.getAsLong(), deadline);
                if (w.retiredFor == null) {
                    w.retiredFor = ExitCause.SHUTDOWN;
                }
            }
        }
        while (!workers.isEmpty() && clock.getAsLong() < deadline) {
            Request next = commands.poll();
            Command c = next instanceof ControlCall call ? call.duringShutdown(graceful) : (Command) next;
            if (graceful && c == Command.QUICK_STOP) {
                log.info("shutting down: switching to quick (INT during graceful stop)");
                workers.values().forEach(w -> processes.signal(w.pid, Signal.SIGINT));
                graceful = false;
                deadline = Math.min(deadline, clock.getAsLong() + SECOND);
            }
            reapWorkers();
            sleep(20);
        }
        for (WorkerHandle w : workers.values()) {
            log.warn("worker did not stop in time: " + w.id() + ", sending KILL");
            processes.signal(w.pid, Signal.SIGKILL);
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
