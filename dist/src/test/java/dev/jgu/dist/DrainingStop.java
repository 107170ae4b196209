package dev.jgu.dist;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Stop drains", the scenario of every graceful-stop test (TERM, {@code sv term},
 * {@code supervisorctl stop}, systemd's KillSignal): a slow request to Probe is in
 * flight when jgu is told to stop, and it must still be answered, by a worker that
 * was serving. Its waits are bounded by the {@link Bounds} of the jgu under test.
 */
final class DrainingStop {

    private static final String BEGINS = "probe: sleep begins";

    private final CompletableFuture<HttpProbe.Reply> reply;
    private final Duration bound;

    private DrainingStop(CompletableFuture<HttpProbe.Reply> reply, Duration bound) {
        this.reply = reply;
        this.bound = bound;
    }

    /**
     * Sends {@code GET /sleep?ms=millis} and returns once Probe says in {@code log} that it began,
     * so that the stop the test sends next finds it in flight.
     */
    static DrainingStop begin(String address, int millis, Supplier<String> log, Bounds bounds) {
        int before = JguProcess.count(log.get(), BEGINS);
        CompletableFuture<HttpProbe.Reply> reply = HttpProbe.getAsync(address, "/sleep?ms=" + millis);
        // a request that failed at once is reported by assertAnsweredBy, with its cause
        JguProcess.await(() -> JguProcess.count(log.get(), BEGINS) > before || reply.isDone(), bounds.request(),
                () -> "the in-flight request to begin ('" + BEGINS + "')");
        // it sleeps, then the worker answers and stops within graceful_timeout
        return new DrainingStop(reply, Duration.ofMillis(millis).plus(bounds.stop()));
    }

    /** Waits for the answer to the request in flight and asserts that it is a 200 from one of {@code workers}. */
    HttpProbe.Reply assertAnsweredBy(Set<Long> workers) throws Exception {
        HttpProbe.Reply r = reply.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, r.status(), "the in-flight request finished during the stop: " + r.head());
        assertTrue(workers.contains(r.pid()), "answered by " + r.pid() + ", the workers were " + workers);
        return r;
    }
}
