package dev.jgu.dist;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A well-behaved client that keeps requesting {@code GET /} on a connection of its own,
 * a few dozen times a second, while a test attacks the server on others; it keeps the
 * latency of every request so the test can state the p99 of a window. A connection the
 * server ends (sync's {@code Connection: close}, keep-alive's expiry) is opened again, the
 * connect counted in the next request's latency. A request that fails or gets anything
 * but 200 is kept with its reason, so the test can account for each.
 */
final class OrdinaryClient implements AutoCloseable {

    /** One request: when it started (nanoTime), how long it took, and why it failed (null when answered 200). */
    record Sample(long startNanos, double millis, String failure) {
    }

    /** The figures of a window of samples. */
    record Window(int requests, int failed, double p50, double p99, double max, List<String> failures) {
        String p99Text() {
            return String.format(java.util.Locale.ROOT, "%.1f ms", p99);
        }
    }

    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String address;
    private final long replyMillis;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;

    /**
     * @param replyMillis how long one request may take before it counts as failed (the
     *     server's own bound on answering, see {@link Bounds#request()})
     */
    OrdinaryClient(String address, long replyMillis) {
        this.address = address;
        this.replyMillis = replyMillis;
        this.thread = Thread.ofPlatform().name("ordinary-client").daemon().start(this::loop);
    }

    private void loop() {
        HttpConnection conn = null;
        while (running.get()) {
            long start = System.nanoTime();
            String failure = null;
            try {
                if (conn == null) {
                    conn = HttpConnection.open(address);
                }
                HttpConnection.Response r = conn.exchange(HttpConnection.get("/"), replyMillis);
                if (r.status() != 200) {
                    failure = "status " + r.status() + ": " + r.head();
                }
                if (r.closes()) {
                    conn.close();
                    conn = null;
                }
            } catch (IOException | RuntimeException e) {
                failure = e.toString();
                conn = closeQuietly(conn);
            }
            long end = System.nanoTime();
            synchronized (samples) {
                samples.add(new Sample(start, (end - start) / 1e6, failure));
            }
            LockSupport.parkNanos(Math.max(0, PACE_NANOS - (System.nanoTime() - start)));
        }
        closeQuietly(conn);
    }

    private static HttpConnection closeQuietly(HttpConnection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("closing the ordinary client's connection", e);
            }
        }
        return null;
    }

    /** @return nanoTime now, to mark the start of a window */
    long mark() {
        return System.nanoTime();
    }

    /** Waits until at least {@code n} requests started after {@code from} have ended, or {@code boundMillis} passed. */
    void awaitRequests(long from, int n, long boundMillis) {
        JguProcess.await(() -> since(from).size() >= n, java.time.Duration.ofMillis(boundMillis),
                () -> n + " ordinary requests, have " + since(from).size());
    }

    List<Sample> since(long from) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.startNanos() >= from).toList();
        }
    }

    /** The figures of the requests that started at or after {@code from}. */
    Window window(long from) {
        List<Sample> w = since(from);
        double[] ms = w.stream().mapToDouble(Sample::millis).sorted().toArray();
        List<String> failures = w.stream().filter(s -> s.failure() != null).map(Sample::failure).toList();
        return new Window(w.size(), failures.size(), percentile(ms, 50), percentile(ms, 99),
                ms.length == 0 ? 0 : ms[ms.length - 1], failures);
    }

    /** The nearest-rank percentile: {@code p}% of the values are at or below it. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(replyMillis + 10_000);
        if (thread.isAlive()) {
            throw new AssertionError("the ordinary client did not stop within " + (replyMillis + 10_000) + " ms");
        }
    }
}
