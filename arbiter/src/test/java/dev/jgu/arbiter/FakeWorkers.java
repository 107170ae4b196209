package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Config;
import dev.jgu.protocol.Scoreboard;
import jnr.constants.platform.Signal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Worker processes and their scoreboard without processes, on a fake clock. Each
 * spawned worker follows the script of its generation's app, as a worker JVM
 * would: {@code good.App} reports ready after 2 s and then heartbeats;
 * {@code slow.App} after 60 s; {@code stuck.App} after 10 minutes (a boot that hangs); {@code broken.App} writes a boot-error note and
 * exits 4 after 2 s (a throwing constructor); {@code bootfail.App} exits 3 with a
 * note; {@code crash.App} exits 1 after 1 s with no note (the JVM could not find
 * its main class). Signals act as on a worker: TERM drains for 200 ms (a booting
 * worker first finishes booting), INT and KILL end it at once, QUIT only dumps
 * threads, ABRT exits 1, USR1 reopens logs, but ends a worker whose JVM has not
 * installed its handlers yet (the first 500 ms).
 */
final class FakeWorkers implements WorkerProcesses, WorkerSlots {

    /** How long a worker JVM runs before WorkerMain installs its signal handlers. */
    static final long HANDLERS_MS = 500;

    /** What a worker does from spawn until it is ready or gone. */
    record Boot(long millis, boolean ready, int code, String note) {
        static Boot ready(long millis) {
            return new Boot(millis, true, 0, null);
        }

        static Boot exit(long millis, int code, String note) {
            return new Boot(millis, false, code, note);
        }

        static Boot of(String app) {
            return switch (app) {
                case "good.App" -> ready(2000);
                case "slow.App" -> ready(60_000);
                case "stuck.App" -> ready(600_000);
                case "broken.App" -> exit(2000, 4, "app: broken.App: database URL not configured");
                case "bootfail.App" -> exit(1500, 3, "worker boot failed: arbiter pipe: bad fd");
                case "crash.App" -> exit(1000, 1, null);
                default -> throw new IllegalArgumentException("no script for app " + app);
            };
        }
    }

    /** One fake worker process. */
    static final class Worker {
        final long pid;
        final int slot;
        final int age;
        final int generation;
        final String app;
        final Boot boot;
        final long spawnedAt;
        final List<Signal> signals = new ArrayList<>();
        boolean reportedReady;
        /** Stops heartbeating (a hung request). */
        boolean hung;
        /** Ignores TERM and ABRT (stuck in native code): only KILL ends it. */
        boolean stuck;
        private long exitAt = Long.MAX_VALUE;
        private Posix.Exit pendingExit;
        Posix.Exit exit;
        boolean reaped;

        Worker(long pid, int slot, int age, int generation, String app, Boot boot, long spawnedAt) {
            this.pid = pid;
            this.slot = slot;
            this.age = age;
            this.generation = generation;
            this.app = app;
            this.boot = boot;
            this.spawnedAt = spawnedAt;
        }

        boolean alive() {
            return exit == null;
        }

        boolean stopSignalled() {
            return signals.stream().anyMatch(s -> s != Signal.SIGUSR1);
        }

        /** Ready, alive and not told to stop: it accepts new connections. */
        boolean serving() {
            return alive() && reportedReady && !stopSignalled();
        }

        @Override
        public String toString() {
            return "worker=" + age + " pid=" + pid + " generation=" + generation + " " + app
                    + (alive() ? (reportedReady ? " ready" : " booting") : " exited " + exit.describe()) + " signals=" + signals;
        }
    }

    private final LongSupplier clock;
    private final Map<Long, Worker> workers = new LinkedHashMap<>();
    private final Map<Integer, String> bootErrors = new HashMap<>();
    private final Scoreboard.State[] states = new Scoreboard.State[1024];
    private final long[] heartbeats = new long[1024];
    private final Deque<Boot> nextBoots = new ArrayDeque<>();
    private final Map<Integer, Scoreboard.Stop> stops = new HashMap<>();
    private final List<Integer> settingsWritten = new ArrayList<>();
    private final List<Integer> settingsRemoved = new ArrayList<>();
    private final List<Integer> pipesClosed = new ArrayList<>();
    private Boot everyBoot;
    private long nextPid = 4100;

    FakeWorkers(LongSupplier clock) {
        this.clock = clock;
    }

    /** The next spawned workers follow these scripts, whatever their app. */
    void nextBoots(Boot... boots) {
        nextBoots.addAll(List.of(boots));
    }

    /** Every worker spawned from now on follows this script: the jar was overwritten in place. */
    void overwriteJar(Boot boot) {
        everyBoot = boot;
    }

    /** Lets time act on every worker: boots finish, drains end, heartbeats go on. */
    void step() {
        long now = clock.getAsLong();
        for (Worker w : workers.values()) {
            if (!w.alive()) {
                continue;
            }
            if (now >= w.exitAt) {
                w.exit = w.pendingExit;
                continue;
            }
            if (!w.reportedReady && now >= w.spawnedAt + w.boot.millis() * 1_000_000L) {
                finishBoot(w, now);
            }
            if (w.alive() && w.reportedReady && !w.hung) {
                heartbeats[w.slot] = now;
            }
        }
    }

    private void finishBoot(Worker w, long now) {
        if (!w.boot.ready()) {
            if (w.boot.note() != null) {
                bootErrors.put(w.age, w.boot.note());
            }
            w.exit = new Posix.Exit(true, w.boot.code(), 0);
            return;
        }
        w.reportedReady = true;
        states[w.slot] = Scoreboard.State.READY;
        heartbeats[w.slot] = now;
        if (w.signals.contains(Signal.SIGTERM) && !w.stuck) {
            // TERM while booting: the worker finishes booting, then sees it must stop
            states[w.slot] = Scoreboard.State.DRAINING;
            exitAfter(w, now, 200, new Posix.Exit(true, 0, 0));
        }
    }

    private static void exitAfter(Worker w, long now, long millis, Posix.Exit exit) {
        long at = now + millis * 1_000_000L;
        if (at < w.exitAt) {
            w.exitAt = at;
            w.pendingExit = exit;
        }
    }

    /** A ready worker stops on its own (max_requests reached): it drains for 200 ms, then exits 0. */
    /** RSS in KiB by pid, for max_worker_memory; a worker not here has 50 MiB. */
    final Map<Long, Long> rssKib = new java.util.HashMap<>();

    @Override
    public long rssKib(long pid) {
        return rssKib.getOrDefault(pid, 50L * 1024);
    }

    /** The worker reached max_requests: it says so in its slot, then drains. */
    void drainAtMaxRequests(long pid) {
        stops.put(worker(pid).slot, Scoreboard.Stop.MAX_REQUESTS);
        drainOnItsOwn(pid);
    }

    void drainOnItsOwn(long pid) {
        Worker w = worker(pid);
        states[w.slot] = Scoreboard.State.DRAINING;
        exitAfter(w, clock.getAsLong(), 200, new Posix.Exit(true, 0, 0));
    }

    /** A ready worker dies on its own (a bug in the app, OOM killer). */
    void die(long pid, Posix.Exit exit) {
        worker(pid).exit = exit;
    }

    Worker worker(long pid) {
        Worker w = workers.get(pid);
        if (w == null) {
            throw new AssertionError("no worker with pid " + pid + " among " + workers.values());
        }
        return w;
    }

    List<Worker> all() {
        return List.copyOf(workers.values());
    }

    List<Worker> alive() {
        return workers.values().stream().filter(Worker::alive).toList();
    }

    List<Worker> serving() {
        return workers.values().stream().filter(Worker::serving).toList();
    }

    List<Worker> ofGeneration(int generation) {
        return workers.values().stream().filter(w -> w.generation == generation).toList();
    }

    List<Integer> settingsWritten() {
        return List.copyOf(settingsWritten);
    }

    /** The generations whose settings file is still there. */
    List<Integer> settingsKept() {
        List<Integer> kept = new ArrayList<>(settingsWritten);
        kept.removeAll(settingsRemoved);
        return kept;
    }

    List<Integer> pipesClosed() {
        return List.copyOf(pipesClosed);
    }

    @Override
    public void writeSettings(int generation, Config config) {
        settingsWritten.add(generation);
    }

    @Override
    public void removeSettings(int generation) {
        if (!settingsWritten.contains(generation) || settingsRemoved.contains(generation)) {
            throw new AssertionError("settings of generation " + generation + " removed but not there: written "
                    + settingsWritten + ", removed " + settingsRemoved);
        }
        if (workers.values().stream().anyMatch(w -> w.generation == generation && !w.reaped)) {
            throw new AssertionError("settings of generation " + generation + " removed while its workers live: " + workers.values());
        }
        settingsRemoved.add(generation);
    }

    @Override
    public Spawned spawn(int slot, int age, int generation, Config config) throws IOException {
        if (settingsRemoved.contains(generation)) {
            throw new AssertionError("worker spawned from generation " + generation + " whose settings were removed");
        }
        Boot boot = !nextBoots.isEmpty() ? nextBoots.poll() : everyBoot != null ? everyBoot : Boot.of(config.app());
        long pid = nextPid++;
        workers.put(pid, new Worker(pid, slot, age, generation, config.app(), boot, clock.getAsLong()));
        return new Spawned(pid, (int) pid);
    }

    @Override
    public boolean signal(long pid, Signal signal) {
        Worker w = worker(pid);
        if (!w.alive()) {
            return false;
        }
        w.signals.add(signal);
        long now = clock.getAsLong();
        switch (signal) {
            case SIGTERM -> {
                if (w.reportedReady && !w.stuck) {
                    states[w.slot] = Scoreboard.State.DRAINING;
                    exitAfter(w, now, 200, new Posix.Exit(true, 0, 0));
                }
            }
            case SIGINT -> w.exit = new Posix.Exit(true, 0, 0);
            case SIGABRT -> {
                if (!w.stuck) {
                    w.exit = new Posix.Exit(true, 1, 0);
                }
            }
            case SIGKILL -> w.exit = new Posix.Exit(true, 128 + 9, 9);
            case SIGUSR1 -> {
                if (now < w.spawnedAt + HANDLERS_MS * 1_000_000L) {
                    // a JVM that has not installed its handler yet dies of USR1's default action
                    w.exit = new Posix.Exit(true, 128 + 10, 10);
                }
            }
            default -> {
                // QUIT: a thread dump
            }
        }
        return true;
    }

    @Override
    public Posix.Exit reap(long pid) {
        Worker w = worker(pid);
        if (w.alive()) {
            return Posix.Exit.RUNNING;
        }
        if (w.reaped) {
            throw new AssertionError("reaped twice: " + w);
        }
        w.reaped = true;
        return w.exit;
    }

    @Override
    public void closePipe(int pipeWriteFd) {
        pipesClosed.add(pipeWriteFd);
    }

    @Override
    public Optional<String> takeBootError(int age, boolean neverReady) {
        return Optional.ofNullable(bootErrors.remove(age));
    }

    @Override
    public void claim(int slot, long pid, int age, long now) {
        stops.remove(slot);
        states[slot] = Scoreboard.State.BOOTING;
        heartbeats[slot] = now;
    }

    @Override
    public void release(int slot) {
        states[slot] = Scoreboard.State.FREE;
    }

    @Override
    public Scoreboard.State state(int slot) {
        return states[slot] == null ? Scoreboard.State.FREE : states[slot];
    }

    @Override
    public long heartbeat(int slot) {
        return heartbeats[slot];
    }

    /** Fake workers serve nothing: their counters stay 0. */
    @Override
    public long requests(int slot) {
        return 0;
    }

    @Override
    public int busy(int slot) {
        return 0;
    }

    @Override
    public int connections(int slot) {
        return 0;
    }

    @Override
    public Scoreboard.Stop stop(int slot) {
        return stops.getOrDefault(slot, Scoreboard.Stop.NONE);
    }

    @Override
    public void close() {
    }
}
