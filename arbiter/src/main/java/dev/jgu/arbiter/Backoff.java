package dev.jgu.arbiter;

/**
 * How soon the pool may spawn again: at once normally; after a worker died while
 * booting or a spawn failed, 100 ms, doubling up to 10 s, and then one spawn per
 * delay. A worker that becomes ready ends the backoff; so do a HUP and an aborted
 * reload, whose workers have nothing to do with the failures.
 */
final class Backoff {

    private static final long MIN = 100_000_000L;
    private static final long MAX = 10_000_000_000L;

    private long delay;
    private long nextSpawnAt;

    void failed(long now) {
        delay = Math.min(MAX, Math.max(MIN, delay * 2));
        nextSpawnAt = now + delay;
    }

    /** A worker became ready: later spawns need not wait, the one already due keeps its time. */
    void reset() {
        delay = 0;
    }

    /** A new start (HUP, aborted reload): spawn at once. */
    void clear() {
        delay = 0;
        nextSpawnAt = 0;
    }

    boolean allows(long now) {
        return now >= nextSpawnAt;
    }

    /** @return true when backing off: no further spawn until the delay has passed again */
    boolean spawned(long now) {
        if (delay > 0) {
            nextSpawnAt = now + delay;
            return true;
        }
        return false;
    }

    long millis() {
        return delay / 1_000_000;
    }
}
