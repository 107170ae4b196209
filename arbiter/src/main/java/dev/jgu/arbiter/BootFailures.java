package dev.jgu.arbiter;

import dev.jgu.arbiter.WorkerHandle.State;
import dev.jgu.spi.ExitCodes;
import dev.jgu.workers.core.ErrorLog;

/**
 * What a worker's exit means (docs/design.md, "Worker lifecycle"). A worker the
 * arbiter asked to stop exits as expected; a ready one that dies is replaced at
 * once. Exit 3/4 (the worker says it cannot boot) is a boot failure: it halts the
 * arbiter only before the first generation is ready, aborts a reload, and on a
 * serving server is said once per cause and respawned with backoff.
 */
final class BootFailures {

    /** Where the pool stands when a worker exits. */
    enum Phase {
        /** No generation was ready yet: a boot failure halts the arbiter. */
        STARTING,
        /** A HUP's generation is not ready yet: a boot failure aborts the reload. */
        RELOADING,
        /** The newest generation is the ready one: a boot failure is reported and respawned with backoff. */
        SERVING
    }

    /** What the pool does about an exit. */
    sealed interface Verdict {
        /** Replace the worker, after the backoff when one is set. */
        record Replace() implements Verdict {
        }

        /** Halt the arbiter with this exit code. */
        record Halt(int code) implements Verdict {
        }

        /** Give up the newest generation for the last ready one. */
        record AbortReload(String why) implements Verdict {
        }
    }

    private static final Verdict REPLACE = new Verdict.Replace();

    private final ErrorLog log;
    private final Backoff backoff;
    private String cause;
    private int inARow;
    /** Workers of one generation usually fail to boot for one reason: say it once. */
    private String lastBootError;

    BootFailures(ErrorLog log, Backoff backoff) {
        this.log = log;
        this.backoff = backoff;
    }

    /** A worker became ready, or a new generation starts: a cause is news again. */
    void reset() {
        cause = null;
        inARow = 0;
    }

    /**
     * Logs the exit (the worker's last state change, one line) and decides what it means.
     *
     * @param ofNewest whether the worker belongs to the generation the pool spawns from
     */
    Verdict exited(WorkerHandle w, Posix.Exit exit, String note, Phase phase, boolean ofNewest, long now) {
        String detail = "";
        boolean freshNote = note != null && !note.equals(lastBootError);
        if (note != null) {
            detail = freshNote ? ": " + note : ", the same boot error";
            lastBootError = note;
        }
        boolean reported = exit.signal() == 0 && (exit.code() == ExitCodes.WORKER_BOOT_ERROR || exit.code() == ExitCodes.APP_LOAD_ERROR);
        boolean bootExit = w.is(State.BOOTING) || w.is(State.READY) && reported;
        if (!bootExit || !ofNewest) {
            logOther(w, exit, note, detail, freshNote);
            return REPLACE;
        }
        String cause = w.generation + " " + exit.describe() + (note == null ? "" : ": " + note);
        int count = w.is(State.BOOTING) ? add(cause) : 1;
        String spawn = "";
        if (!reported || phase == Phase.SERVING) {
            backoff.failed(now);
            spawn = ", next spawn in " + backoff.millis() + "ms";
        }
        if (reported) {
            w.exited(exit, freshNote ? ErrorLog.Level.CRITICAL : ErrorLog.Level.ERROR, "worker failed to boot", detail + spawn);
        } else {
            w.exited(exit, ErrorLog.Level.WARNING, "worker died while booting", detail + spawn);
        }
        return reported ? bootFailure(w, exit, phase, count) : REPLACE;
    }

    /** Exit 3/4, the {@code count}th in a row of its cause: what it does depends on the phase. */
    private Verdict bootFailure(WorkerHandle w, Posix.Exit exit, Phase phase, int count) {
        // the note is in the exit line just logged: said once
        String failure = "worker boot failure: " + w.id() + " " + w.generation + " exited with " + exit.describe();
        return switch (phase) {
            case STARTING -> {
                log.critical(failure + "; halting with exit " + exit.code() + ", no generation was ready yet");
                yield new Verdict.Halt(exit.code());
            }
            case RELOADING -> new Verdict.AbortReload(failure);
            case SERVING -> {
                // said once per cause: at its first exit 3/4
                if (count == 1) {
                    log.critical(failure + "; the ready workers keep serving, respawning with backoff (next spawn in "
                            + backoff.millis() + "ms)");
                }
                yield REPLACE;
            }
        };
    }

    /** An exit that is no boot failure: asked for, a ready worker dying, or a worker of an older generation. */
    private static void logOther(WorkerHandle w, Posix.Exit exit, String note, String detail, boolean freshNote) {
        if (!w.active()) {
            w.exited(exit, ErrorLog.Level.INFO, "worker exited", detail);
        } else if (note != null) {
            w.exited(exit, freshNote ? ErrorLog.Level.CRITICAL : ErrorLog.Level.ERROR, "worker failed to boot", detail);
        } else if (exit.signal() == 9) {
            w.exited(exit, ErrorLog.Level.ERROR, "worker killed", ", perhaps out of memory");
        } else if (exit.code() == 0) {
            w.exited(exit, ErrorLog.Level.INFO, "worker exited", "");
        } else {
            w.exited(exit, ErrorLog.Level.ERROR, "worker exited unexpectedly", "");
        }
    }

    private int add(String next) {
        if (next.equals(cause)) {
            inARow++;
        } else {
            cause = next;
            inARow = 1;
        }
        return inARow;
    }
}
