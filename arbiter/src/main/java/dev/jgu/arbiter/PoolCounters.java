package dev.jgu.arbiter;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the arbiter loop counts for the metrics endpoint: worker exits by cause and reloads
 * by outcome. The loop adds; the metrics thread reads at any time (atomics, no lock).
 * Counts start at zero with each arbiter: a USR2 re-exec is a counter reset.
 */
final class PoolCounters {

    /** How a reload ended. */
    enum ReloadOutcome {
        /** Every worker of the new generation became ready. */
        SUCCEEDED,
        /** The configuration could not be read, or the new workers could not boot in time: the old ones serve on. */
        FAILED,
        /** Another HUP came before the new generation was ready. */
        SUPERSEDED,
        /** WINCH stopped every worker while the new generation was booting. */
        ABANDONED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicLongArray exits = new AtomicLongArray(ExitCause.values().length);
    private final AtomicLongArray reloads = new AtomicLongArray(ReloadOutcome.values().length);
    private volatile int slotsUsed;
    private volatile int target;

    void exited(ExitCause cause) {
        exits.incrementAndGet(cause.ordinal());
    }

    void reloaded(ReloadOutcome outcome) {
        reloads.incrementAndGet(outcome.ordinal());
    }

    /** A worker was given {@code slot}: scrapes read the slots below the highest one ever used. */
    void slotUsed(int slot) {
        if (slot >= slotsUsed) {
            slotsUsed = slot + 1;
        }
    }

    void target(int workers) {
        target = workers;
    }

    /** @return the pool's target worker count */
    int target() {
        return target;
    }

    long exits(ExitCause cause) {
        return exits.get(cause.ordinal());
    }

    long reloads(ReloadOutcome outcome) {
        return reloads.get(outcome.ordinal());
    }

    /** @return one more than the highest slot a worker ever had */
    int slotsUsed() {
        return slotsUsed;
    }
}
