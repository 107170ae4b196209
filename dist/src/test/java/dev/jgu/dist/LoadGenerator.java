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
 * report what failed. They run until {@link #close()}; each request is bounded by
 * {@link HttpProbe}'s read timeout, and the threads are daemons, so a test that
 * fails before closing it cannot keep the test JVM alive.
 */
final class LoadGenerator implements AutoCloseable {

    private final String address;
    private final String target;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<Long, Long> servedBy = new ConcurrentHashMap<>();
    private final AtomicLong lastOk = new AtomicLong(System.nanoTime());
    private final List<Thread> clients;

    LoadGenerator(String address, String target, int clients) {
        this.address = address;
        this.target = target;
        this.clients = java.util.stream.IntStream.range(0, clients)
                .mapToObj(i -> Thread.ofPlatform().name("load-" + i).daemon().start(this::loop)).toList();
    }

    private void loop() {
        while (running.get()) {
            try {
                HttpProbe.Reply reply = HttpProbe.get(address, target);
                if (reply.status() == 200) {
                    ok.incrementAndGet();
                    lastOk.set(System.nanoTime());
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

    /**
     * Waits until at least {@code n} more requests have succeeded, failing when none has for
     * {@code stall}: a server that keeps answering passes however slow the machine is.
     */
    void awaitProgress(long n, Duration stall) {
        long goal = ok.get() + n;
        lastOk.set(System.nanoTime());
        JguProcess.await(() -> ok.get() >= goal || System.nanoTime() - lastOk.get() > stall.toNanos(), stall.multipliedBy(n),
                () -> goal + " successful requests, have " + ok.get() + " (failures: " + failures + ")");
        if (ok.get() < goal) {
            throw new AssertionError("no request succeeded for " + stall + " with " + ok.get() + " of " + goal
                    + " successful (failures: " + failures + ")");
        }
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
