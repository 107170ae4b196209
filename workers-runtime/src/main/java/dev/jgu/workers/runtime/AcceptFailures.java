package dev.jgu.workers.runtime;

import java.util.concurrent.TimeUnit;

/**
 * How often a worker says that accept failed. A worker at its open-file limit fails every
 * accept for as long as its clients stay (each try paced by {@link AcceptKeys}); one line a
 * second, with the count of the failures it stands for, tells the operator as much as ten
 * lines a second on each accepting thread would, without filling the disk.
 */
final class AcceptFailures {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private boolean logged;
    private long lastLine;
    private long unlogged;

    /**
     * Counts one failure.
     *
     * @param now {@link System#nanoTime()}
     * @return -1 when no line is due, else the failures since the last line that this one
     *     stands for too (0 for the first line)
     */
    synchronized long failed(long now) {
        if (logged && now - lastLine < INTERVAL_NANOS) {
            unlogged++;
            return -1;
        }
        logged = true;
        lastLine = now;
        long more = unlogged;
        unlogged = 0;
        return more;
    }
}
