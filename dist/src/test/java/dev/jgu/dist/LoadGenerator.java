package dev.jgu.dist;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent clients that keep requesting while a test signals the server, then
 * report what failed. Bounded: it stops on {@link #close()} or after its time
 * limit, whichever comes first.
 */
final class LoadGenerator implements AutoCloseable {

    private final String address;
    private final String target;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<Long, Long> servedBy = new ConcurrentHashMap<>();
    private final List<Thread> clients;
    private final long deadline;

    LoadGenerator(String address, String target, int clients, Duration limit) {
        this.address = address;
        this.target = target;
        this.deadline = System.nanoTime() + limit.toNanos();
        this.clients = java.util.stream.IntStream.range(0, clients)
                .mapToObj(i -> Thread.ofPlatform().name("load-" + i).start(this::loop)).toList();
    }

    private void loop() {
        while (running.get() && System.nanoTime() < deadline) {
            try {
                HttpProbe.Reply reply = HttpProbe.get(address, target);
                if (reply.status() == 200) {
                    ok.incrementAndGet();
                    servedBy.merge(reply.pid(), 1L, Long::sum);
                } else {
                    failures.add("status " + reply.status() + ": " + reply.head());
                }
            } catch (IOException | RuntimeException e) {
                failures.add(e.toString());
            }
        }
    }

    long ok() {
        return ok.get();
    }

    /** Waits until at least {@code n} more requests have succeeded. */
    void awaitProgress(long n, Duration timeout) {
        long goal = ok.get() + n;
        JguProcess.await(() -> ok.get() >= goal, timeout, () -> goal + " successful requests (failures: " + failures + ")");
    }

    Set<Long> pids() {
        return servedBy.keySet();
    }

    /** Pids that served since this call. */
    void resetPids() {
        servedBy.clear();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
    }
}
