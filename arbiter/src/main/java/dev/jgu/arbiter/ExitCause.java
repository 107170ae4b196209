package dev.jgu.arbiter;

import dev.jgu.protocol.Scoreboard;

import java.util.Locale;

/**
 * Why a worker ended, as the {@code jgu_worker_exits_total} metric labels it: what the
 * arbiter asked of it, or what the worker wrote in its slot before draining, or how it died.
 */
enum ExitCause {
    /** Ended on its own with status 0, neither asked nor at max_requests (a TERM from someone else, the arbiter gone). */
    EXIT,
    /** A ready worker killed by a signal the arbiter did not send (KILL by hand, the OOM killer) or exiting non-zero. */
    CRASH,
    /** Died before it was ready, or said it cannot boot (exit 3 or 4). */
    BOOT_FAILURE,
    /** Silent past {@code timeout}: QUIT, ABRT, KILL. */
    TIMEOUT,
    /** Reached {@code max_requests} (plus jitter) and drained. */
    MAX_REQUESTS,
    /** Retired by {@code max_worker_memory}. */
    MEMORY,
    /** Retired by a reload: replaced by the new generation, or of a generation superseded or aborted. */
    RELOAD,
    /** Retired because the pool was above its target (TTOU). */
    SCALE_DOWN,
    /** Stopped with the arbiter (TERM, INT, QUIT) or by WINCH. */
    SHUTDOWN;

    /** @return the label value: {@code max_requests} */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param retiredFor why the arbiter retired it, or null when it did not
     * @param timedOut whether the arbiter found it hung
     * @param booting whether it never reported ready
     * @param stop what the worker wrote in its slot when it began to stop
     */
    static ExitCause of(ExitCause retiredFor, boolean timedOut, boolean booting, Posix.Exit exit, Scoreboard.Stop stop) {
        if (retiredFor != null) {
            return retiredFor;
        }
        if (timedOut) {
            return TIMEOUT;
        }
        boolean clean = exit.signal() == 0 && exit.code() == 0;
        if (booting) {
            return clean ? EXIT : BOOT_FAILURE;
        }
        if (stop == Scoreboard.Stop.MAX_REQUESTS) {
            return MAX_REQUESTS;
        }
        return clean ? EXIT : CRASH;
    }
}
