package dev.jgu.arbiter;

import dev.jgu.protocol.ErrorLog;
import jnr.constants.platform.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arbiter's view of one worker process (what runs inside it is
 * {@code dev.jgu.workers.runtime.WorkerMain}): identity, scoreboard slot, generation,
 * and where it is in its lifecycle, with the deadlines the loop enforces. Every
 * change of state is one log line: {@code worker=3 pid=4121 booting -> ready}.
 */
final class WorkerHandle {

    /** A worker's lifecycle; docs/design.md has the transitions and what triggers each. */
    enum State {
        /** Spawned, not yet ready (JVM start, app load). Hung when silent for max(timeout, 120 s). */
        BOOTING,
        /** Reported ready in the scoreboard: accepting. Hung when silent for {@code timeout}. */
        READY,
        /** Told to stop (TERM, or INT at a quick stop) or draining on its own: KILL at its deadline. */
        RETIRING,
        /** Silent too long: QUIT sent (thread dump), ABRT and then KILL at their deadlines. */
        TIMED_OUT,
        /** Reaped. */
        EXITED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** A signal still to send a stopping worker, and when. */
    private record Escalation(Signal signal, long at) {
    }

    final long pid;
    final int age;
    final int slot;
    final Generation generation;
    /** max_worker_memory: whether its RSS was looked at since it became ready, and whether it is exempt (over at the first look). */
    boolean memoryChecked;
    boolean memoryExempt;
    /** Why the arbiter retired it, for the exit-cause metric; null while it has not. */
    ExitCause retiredFor;
    final int pipeWriteFd;
    /** When it was spawned, on the pool's clock. */
    final long spawnedAt;
    private final ErrorLog log;
    private State state = State.BOOTING;
    private final List<Escalation> pending = new ArrayList<>();

    WorkerHandle(long pid, int age, int slot, Generation generation, int pipeWriteFd, long spawnedAt, ErrorLog log) {
        this.pid = pid;
        this.spawnedAt = spawnedAt;
        this.age = age;
        this.slot = slot;
        this.generation = generation;
        this.pipeWriteFd = pipeWriteFd;
        this.log = log;
    }

    String id() {
        return "worker=" + age + " pid=" + pid;
    }

    State state() {
        return state;
    }

    boolean is(State s) {
        return state == s;
    }

    /** @return booting or ready: the arbiter has not asked it to stop, and it has not exited */
    boolean active() {
        return state == State.BOOTING || state == State.READY;
    }

    /** The scoreboard says ready. */
    void ready() {
        expect(State.BOOTING);
        log.info(id() + " " + state + " -> " + State.READY);
        state = State.READY;
    }

    /**
     * TERM (or INT) was sent: KILL at {@code killAt}. A worker already retiring only
     * has its KILL brought forward (a shutdown during a reload).
     */
    void retire(Signal sent, String why, long now, long killAt) {
        if (state == State.RETIRING) {
            pending.replaceAll(e -> new Escalation(e.signal(), Math.min(e.at(), killAt)));
            return;
        }
        expect(State.BOOTING, State.READY);
        pending.clear();
        pending.add(new Escalation(Signal.SIGKILL, killAt));
        log.info(id() + " " + state + " -> " + State.RETIRING + ": " + sent.name().substring(3) + " sent (" + why + "), KILL in "
                + millis(killAt - now));
        state = State.RETIRING;
    }

    /** The scoreboard says draining though the arbiter sent nothing: max_requests, or a TERM from someone else. */
    void drainingOnItsOwn(long now, long killAt) {
        expect(State.BOOTING, State.READY);
        pending.clear();
        pending.add(new Escalation(Signal.SIGKILL, killAt));
        log.info(id() + " " + state + " -> " + State.RETIRING + ": draining on its own, KILL in " + millis(killAt - now));
        state = State.RETIRING;
    }

    /** QUIT was sent because the heartbeat is {@code silentNanos} old, over {@code limitSeconds}. */
    void timedOut(long silentNanos, int limitSeconds, long now, long abortAt, long killAt) {
        expect(State.BOOTING, State.READY);
        pending.clear();
        pending.add(new Escalation(Signal.SIGABRT, abortAt));
        pending.add(new Escalation(Signal.SIGKILL, killAt));
        log.critical("worker timeout: " + id() + " " + state + " -> " + State.TIMED_OUT + " (" + silentNanos / 1_000_000_000L + "s > "
                + limitSeconds + "s" + (state == State.BOOTING ? " while booting" : "") + "), QUIT sent (thread dump), ABRT (abort) in "
                + millis(abortAt - now) + ", KILL in " + millis(killAt - now));
        state = State.TIMED_OUT;
    }

    /** @return the signals whose time has come, in order; each is returned once */
    List<Signal> due(long now) {
        List<Signal> due = new ArrayList<>();
        while (!pending.isEmpty() && now >= pending.get(0).at()) {
            due.add(pending.remove(0).signal());
        }
        return due;
    }

    /** Reaped: one line at {@code level}, {@code event: worker=3 pid=4121 ready -> exited (code=1)} and a detail. */
    void exited(Posix.Exit exit, ErrorLog.Level level, String event, String detail) {
        log.log(level, event + ": " + id() + " " + state + " -> " + State.EXITED + " (" + exit.describe() + ")" + detail, null);
        pending.clear();
        state = State.EXITED;
    }

    private void expect(State... from) {
        for (State s : from) {
            if (state == s) {
                return;
            }
        }
        throw new IllegalStateException(id() + " is " + state + ", expected " + List.of(from));
    }

    private static String millis(long nanos) {
        long ms = Math.max(0, nanos) / 1_000_000;
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
