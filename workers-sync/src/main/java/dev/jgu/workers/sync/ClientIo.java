package dev.jgu.workers.sync;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@code gthread} worker's serving threads do with their clients, for its heartbeat:
 * how many wait on a client right now (a wait bounded by the I/O timeout, not a hang), and
 * how many waits have ended with the client sending or taking bytes (a long upload or
 * download making progress).
 */
final class ClientIo {

    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder moved = new LongAdder();

    void waitBegins() {
        waiting.incrementAndGet();
    }

    void waitEnds(boolean ready) {
        waiting.decrementAndGet();
        if (ready) {
            moved.increment();
        }
    }

    /** @return how many threads wait on a client now */
    int waiting() {
        return waiting.get();
    }

    /** @return how many waits so far ended with the client ready */
    long moved() {
        return moved.sum();
    }
}
