package dev.jgu.workers.async;

import dev.jgu.http.HttpConfig;
import dev.jgu.http.RequestObserver;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.WorkerContext;
import dev.jgu.workers.runtime.HttpSettings;
import dev.jgu.workers.runtime.WorkerObserver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@code async} worker's event loops and what they share: settings, the connection
 * count and its cap, the heartbeat, the graceful stop. Loop 0 runs on the worker's main
 * thread; the others on platform threads of their own. Each loop accepts, so a busy loop
 * takes fewer new connections than an idle one. The worker stops accepting at
 * {@code worker_connections} and resumes when a connection closes.
 */
final class AsyncServer {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** A loop that has not come back to its selector for this long holds back the heartbeat. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** As in gthread: a new connection gets at least 5 s for its first bytes. */
    private static final int MIN_FIRST_BYTES_SECONDS = 5;
    /** After a stop, how long a new connection still gets to send its request. */
    private static final long STOP_FIRST_BYTES_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WorkerContext context;
    private final HttpConfig http;
    private final RequestObserver observer;
    private final int maxConnections;
    private final long keepAliveNanos;
    private final long firstBytesNanos;
    private final long ioTimeoutNanos;
    private final long graceNanos;
    private final boolean onLoops;
    private final AtomicInteger open = new AtomicInteger();
    private final List<EventLoop> loops = new ArrayList<>();
    private long beatAt;

    AsyncServer(WorkerContext context, int loopCount) throws IOException {
        this.context = context;
        SettingValues settings = SettingValues.from(context.settings());
        this.http = HttpSettings.config(settings);
        this.observer = new WorkerObserver(context);
        this.maxConnections = settings.get(WorkerSettings.WORKER_CONNECTIONS);
        int keepAlive = settings.get(WorkerSettings.KEEPALIVE);
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAlive);
        this.firstBytesNanos = TimeUnit.SECONDS.toNanos(Math.max(keepAlive, MIN_FIRST_BYTES_SECONDS));
        int timeout = settings.get(WorkerSettings.TIMEOUT);
        // timeout 0 turns off the heartbeat check, not the bound on client I/O: Gunicorn's default then.
        this.ioTimeoutNanos = TimeUnit.SECONDS.toNanos(timeout > 0 ? timeout : 30);
        this.graceNanos = TimeUnit.SECONDS.toNanos(settings.get(WorkerSettings.GRACEFUL_TIMEOUT));
        this.onLoops = !settings.get(WorkerSettings.ASYNC_DEFAULT_SCHEDULER);
        for (int i = 0; i < loopCount; i++) {
            loops.add(new EventLoop(this, i));
        }
    }

    WorkerContext context() {
        return context;
    }

    HttpConfig http() {
        return http;
    }

    /** @return whether virtual threads are to run on the event loops ({@code async_default_scheduler} off) */
    boolean onLoops() {
        return onLoops;
    }

    RequestObserver observer() {
        return observer;
    }

    boolean keepAlive() {
        return keepAliveNanos > 0;
    }

    long keepAliveNanos() {
        return keepAliveNanos;
    }

    long firstBytesNanos() {
        return firstBytesNanos;
    }

    long ioTimeoutNanos() {
        return ioTimeoutNanos;
    }

    boolean mayAccept() {
        return context.alive() && open.get() < maxConnections;
    }

    void opened() {
        open.incrementAndGet();
        context.connectionOpened();
    }

    void closed() {
        context.connectionClosed();
        if (open.getAndDecrement() == maxConnections) {
            loops.forEach(EventLoop::wakeup);
        }
    }

    /** Runs the loops until TERM or INT, then drains them; returns when the worker may exit. */
    void run() throws IOException {
        try {
            for (EventLoop loop : loops) {
                loop.open();
            }
            context.onStop(() -> loops.forEach(EventLoop::wakeup));
            context.log().info("async: worker=" + context.workerId() + " event_loops=" + loops.size() + " virtual_threads_on="
                    + (VirtualThreads.scheduled(onLoops) ? "event loops" : "JDK scheduler (a hand-off per wake-up)"));
            for (int i = 1; i < loops.size(); i++) {
                EventLoop loop = loops.get(i);
                Thread thread = new Thread(() -> runLoop(loop), "jgu-loop-" + i);
                thread.setDaemon(true);
                thread.start();
            }
            runLoop(loops.get(0));
        } finally {
            for (EventLoop loop : loops) {
                loop.close();
            }
        }
    }

    private void runLoop(EventLoop loop) {
        boolean first = loop == loops.get(0);
        try {
            long nextSweep = 0;
            while (context.alive()) {
                loop.turn(TimeUnit.NANOSECONDS.toMillis(TICK_NANOS));
                long now = System.nanoTime();
                if (first) {
                    heartbeat(now);
                }
                if (now - nextSweep >= 0) {
                    loop.sweep(now, false, STOP_FIRST_BYTES_NANOS);
                    nextSweep = now + TICK_NANOS;
                }
                loop.pauseAccepting(open.get() >= maxConnections);
            }
            drain(loop, first);
        } catch (IOException | RuntimeException e) {
            context.log().error("event loop failed: worker=" + context.workerId(), e);
            if (first) {
                throw new IllegalStateException("event loop failed", e);
            }
        }
    }

    /**
     * Heartbeats (at most once a tick) while every loop answers: a loop stuck in a
     * handler that never parks stalls each connection it carries, so the worker counts as
     * hung and the arbiter replaces it after {@code timeout}.
     */
    private void heartbeat(long now) {
        if (now - beatAt < TICK_NANOS) {
            return;
        }
        for (EventLoop loop : loops) {
            if (!loop.responsive(now, STALL_NANOS)) {
                return;
            }
        }
        beatAt = now;
        context.heartbeat();
    }

    /**
     * After TERM: no more accepting, idle keep-alive connections closed, in-flight
     * requests get up to {@code graceful_timeout}; loop 0 keeps the heartbeat going and
     * waits for every connection of the worker.
     */
    private void drain(EventLoop loop, boolean first) throws IOException {
        loop.pauseAccepting(true);
        long deadline = System.nanoTime() + graceNanos;
        while (first ? open.get() > 0 : loop.connectionCount() > 0) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                if (first) {
                    context.log().warn("graceful timeout: worker=" + context.workerId() + " pid=" + context.pid()
                            + " connections=" + open.get() + " still open after " + TimeUnit.NANOSECONDS.toSeconds(graceNanos) + "s");
                }
                return;
            }
            if (first) {
                heartbeat(now);
            }
            loop.sweep(now, true, STOP_FIRST_BYTES_NANOS);
            loop.turn(50);
        }
    }
}
