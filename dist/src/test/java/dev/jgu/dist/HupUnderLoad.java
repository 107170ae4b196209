package dev.jgu.dist;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "HUP under load", the scenario of every test that replaces workers while clients keep
 * requesting {@code /}: a HUP, two HUPs, {@code sv hup}, {@code supervisorctl signal HUP}, a
 * USR2 hand-over. The test makes jgu act and says which workers should serve; this waits for
 * them and proves that only they serve, and at the end that no request failed. Every wait is
 * bounded by the {@link Bounds} of the jgu under test.
 */
final class HupUnderLoad implements AutoCloseable {

    static final int CLIENTS = 4;
    /** Requests that must succeed before the test acts, and after a replacement to see who serves. */
    static final int REQUESTS = 20;

    private final LoadGenerator load;
    private final Supplier<Set<Long>> workers;
    private final Bounds bounds;

    /**
     * Starts the clients and waits until {@link #REQUESTS} succeeded.
     *
     * @param workers the serving arbiter's live workers, e.g. {@code jgu::workerPids}
     */
    HupUnderLoad(String address, Supplier<Set<Long>> workers, Bounds bounds) throws InterruptedException {
        this.load = new LoadGenerator(address, "/", CLIENTS);
        this.workers = workers;
        this.bounds = bounds;
        try {
            load.awaitProgress(REQUESTS, bounds.request());
        } catch (AssertionError e) {
            load.close();
            throw e;
        }
    }

    /**
     * Waits until none of {@code old} is left (each retired worker drains, then is killed), then
     * proves the replacement: {@code count} workers, and the next requests served by them alone.
     *
     * @return the new workers
     */
    Set<Long> assertReplaced(Set<Long> old, int count) {
        AtomicReference<Set<Long>> now = new AtomicReference<>(Set.of());
        JguProcess.await(() -> {
            now.set(workers.get());
            return now.get().stream().noneMatch(old::contains);
        }, bounds.retire(), () -> "old workers " + old + " to exit, have " + now.get());
        assertEquals(count, now.get().size(), "workers once the old ones " + old + " left: " + now.get());
        Set<Long> served = servedByNext(REQUESTS);
        assertTrue(now.get().containsAll(served), "served by " + served + ", expected only the new workers " + now.get());
        return now.get();
    }

    /** Waits until the workers are exactly {@code expected}: the others retired, or died booting. */
    void awaitOnly(Set<Long> expected) {
        JguProcess.await(() -> workers.get().equals(expected), bounds.retire(),
                () -> "only the workers " + expected + " left, have " + workers.get());
    }

    /** Forgets who served so far and waits for {@code n} more successful requests; returns who served them. */
    Set<Long> servedByNext(int n) {
        load.resetPids();
        load.awaitProgress(n, bounds.request());
        return Set.copyOf(load.pids());
    }

    /** Stops the clients and asserts that none of their requests failed. */
    void assertNoFailedRequest(String during) throws InterruptedException {
        load.close();
        assertEquals(List.of(), load.failures(), "failed requests " + during);
    }

    @Override
    public void close() throws InterruptedException {
        load.close();
    }
}
