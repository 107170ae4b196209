package dev.jgu.arbiter;

import dev.jgu.arbiter.WorkerHandle.State;
import dev.jgu.protocol.ErrorLog;
import dev.jgu.spi.ExitCodes;

/**
 * What a worker's exit means (docs/design.md, "Worker lifecycle"). A worker the
 * arbiter asked to stop exits as expected; a ready one that dies is replaced at
 * once. Exit 3/4 (the worker says it cannot boot), or the third worker in a row
 * to die before ready with one exit status and boot-error note, is a boot failure:
 * it halts the arbiter only before the first generation is ready, aborts a reload,
 * and on a serving server is said once and respawned with backoff.
 */
final class BootFailures {

    /** One early death can be bad luck (the OOM killer, a full disk); this many in a row with one cause are a deploy that cannot boot. */
    static final int IN_A_ROW = 3;

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

    /** A worker became ready, or a new generation starts: the count starts anew. */
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
        boolean failure = reported || count >= IN_A_ROW;
        String spawn = "";
        if (!failure || phase == Phase.SERVING) {
            backoff.failed(now);
            spawn = ", next spawn in " + backoff.millis() + "ms";
        }
        if (reported) {
            w.exited(exit, freshNote ? ErrorLog.Level.CRITICAL : ErrorLog.Level.ERROR, "worker failed to boot", detail + spawn);
        } else {
            w.exited(exit, ErrorLog.Level.WARNING, "worker died while booting", detail + ", " + count + " in a row" + spawn);
        }
        return failure ? bootFailure(w, exit, phase, reported, count, cause) : REPLACE;
    }

    /** Exit 3/4 ({@code reported}) or the {@code count}th death in a row of one cause: what it does depends on the phase. */
    private Verdict bootFailure(WorkerHandle w, Posix.Exit exit, Phase phase, boolean reported, int count, String cause) {
        // a reported failure's note is in the exit line just logged: said once
        String failure = reported ? "worker boot failure: " + w.id() + " " + w.generation + " exited with " + exit.describe()
                : "worker boot failure: " + count + " workers in a row exited before ready: " + cause;
        return switch (phase) {
            case STARTING -> {
                int code = reported ? exit.code() : ExitCodes.WORKER_BOOT_ERROR;
                log.critical(failure + "; halting with exit " + code + ", no generation was ready yet");
                yield new Verdict.Halt(code);
            }
            case RELOADING -> {
                if (!reported) {
                    log.critical(failure);
                }
                yield new Verdict.AbortReload(failure);
            }
            case SERVING -> {
                // said once per cause: at its first exit 3/4, or when its crash loop is recognised
                if (reported ? count == 1 : count == IN_A_ROW) {
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
