package dev.jgu.workers.sync;

import dev.jgu.http.ConnectionInfo;
import dev.jgu.http.Http1Connection;
import dev.jgu.http.HttpConfig;
import dev.jgu.http.RequestObserver;
import dev.jgu.http.WorkerObserver;
import dev.jgu.spi.Listener;
import dev.jgu.spi.WorkerContext;
import dev.jgu.workers.core.AcceptKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Deque;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@code gthread} worker (Gunicorn's {@code ThreadWorker}): one selector holds the
 * listeners and every connection that waits for bytes (new ones and idle keep-alive
 * ones), so a slow or idle client holds a socket but never a thread; {@code threads}
 * platform threads serve the readable ones.
 *
 * <p>The threads take turns at the selector (leader and followers): the one polling
 * hands the readable connections out, wakes an idle thread to poll next, and serves one
 * of them itself, so a request is served by the thread that saw it arrive instead of
 * passing from a poller to a pool thread. A thread done with a request serves another
 * ready connection, else polls, else waits. When every thread is busy nobody polls:
 * nobody could serve what a poll found. The worker's main thread only heartbeats, so a
 * long request never stops the heartbeat.
 */
final class ThreadPoller {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long an idle thread waits before it looks at the selector again (a missed wake-up costs no more). */
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long DRAIN_CHECK_MILLIS = 50;
    /** While stopping, the poller turns this often, to close connections as they go idle. */
    private static final long STOPPING_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Gunicorn gives a new connection 5 s for its first bytes; a longer keep-alive wins. */
    private static final int MIN_FIRST_BYTES_SECONDS = 5;
    /** After a stop, how long a new connection still gets to send its request. */
    private static final long STOP_FIRST_BYTES_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WorkerContext context;
    private final HttpConfig http;
    private final RequestObserver observer;
    private final int threads;
    private final int maxConnections;
    private final int maxIdle;
    private final long keepAliveNanos;
    private final long firstBytesNanos;
    private final long ioTimeoutMillis;
    private final long graceNanos;
    private final Selector selector;
    /** Held by the thread at the selector; taken with tryLock only. */
    private final ReentrantLock pollerRole = new ReentrantLock();
    /** Readable connections handed out by the poller, waiting for a thread. */
    private final Queue<ThreadConnection> ready = new ConcurrentLinkedQueue<>();
    /** Served keep-alive connections, waiting for the poller to watch them again. */
    private final Queue<ThreadConnection> returned = new ConcurrentLinkedQueue<>();
    /** Threads waiting for work or for their turn at the selector. */
    private final Deque<Thread> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger open = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** True while a thread waits in the selector: only then does a returned connection need a wake-up. */
    private volatile boolean selecting;
    private AcceptKeys acceptKeys;
    /** Poller role only: connections registered with the selector, and when they are swept next. */
    private int parked;
    private long nextSweep;

    ThreadPoller(WorkerContext context) throws IOException {
        this.context = context;
        this.http = HttpConfig.from(context.settings());
        this.observer = new WorkerObserver(context);
        this.threads = Math.max(1, context.settings().getInt("threads", 1));
        this.maxConnections = Math.max(1, context.settings().getInt("worker_connections", 1000));
        // Gunicorn keeps at most worker_connections - threads idle keep-alive connections.
        this.maxIdle = Math.max(0, maxConnections - threads);
        int keepAlive = Math.max(0, context.settings().getInt("keepalive", 2));
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAlive);
        this.firstBytesNanos = TimeUnit.SECONDS.toNanos(Math.max(keepAlive, MIN_FIRST_BYTES_SECONDS));
        this.ioTimeoutMillis = clientTimeoutSeconds(context) * 1000L;
        this.graceNanos = TimeUnit.SECONDS.toNanos(Math.max(0, context.settings().getInt("graceful_timeout", 30)));
        this.selector = Selector.open();
    }

    /** Starts the threads, heartbeats until TERM or INT, then drains; returns when the worker may exit. */
    void run() throws IOException, InterruptedException {
        try (selector) {
            acceptKeys = AcceptKeys.register(context, selector);
            context.onStop(() -> {
                stopped.countDown();
                selector.wakeup();
                idle.forEach(LockSupport::unpark);
            });
            for (int i = 1; i <= threads; i++) {
                Thread t = new Thread(this::follow, "jgu-gthread-" + i);
                t.setDaemon(true);
                t.start();
            }
            while (context.alive()) {
                context.heartbeat();
                stopped.await(TICK_NANOS, TimeUnit.NANOSECONDS);
            }
            drain();
        }
    }

    /** The life of a pool thread: serve a ready connection, else take a turn at the selector, else wait. */
    private void follow() {
        while (selector.isOpen()) {
            ThreadConnection conn = ready.poll();
            if (conn != null) {
                if (!ready.isEmpty()) {
                    wakeOne();
                }
                conn.run();
                continue;
            }
            if (pollerRole.tryLock()) {
                int handedOut;
                try {
                    handedOut = turn(context.alive() ? TICK_NANOS : STOPPING_TICK_NANOS);
                } catch (IOException | RuntimeException e) {
                    if (!selector.isOpen()) {
                        return;
                    }
                    context.log().error("gthread poller failed: worker=" + context.workerId(), e);
                    handedOut = 0;
                } finally {
                    pollerRole.unlock();
                }
                if (handedOut > 0) {
                    // this thread serves one of them: an idle one takes over the selector (or another of them)
                    wakeOne();
                }
                continue;
            }
            awaitWork();
        }
    }

    private void awaitWork() {
        Thread me = Thread.currentThread();
        idle.push(me);
        if (ready.isEmpty() && pollerRole.isLocked() && selector.isOpen()) {
            LockSupport.parkNanos(this, IDLE_WAIT_NANOS);
        }
        idle.remove(me);
    }

    private void wakeOne() {
        Thread t = idle.poll();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * One turn at the selector: wait for events, take back connections, accept, hand out
     * the readable ones, expire.
     *
     * @return how many connections it handed out
     */
    private int turn(long maxWaitNanos) throws IOException {
        long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
        selecting = true;
        if (returned.isEmpty()) {
            selector.select(wait);
        } else {
            selector.selectNow();
        }
        selecting = false;
        long now = System.nanoTime();
        takeBack(now);
        int handedOut = 0;
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() instanceof Listener listener) {
                accept((ServerSocketChannel) key.channel(), listener, now);
            } else {
                dispatch(key);
                handedOut++;
            }
        }
        if (now - nextSweep >= 0 || !context.alive()) {
            expire(now);
            nextSweep = now + SWEEP_NANOS;
        }
        acceptKeys.pause(open.get() >= maxConnections || !context.alive());
        return handedOut;
    }

    private void accept(ServerSocketChannel server, Listener listener, long now) throws IOException {
        while (open.get() < maxConnections && context.alive()) {
            SocketChannel channel = AcceptKeys.accept(context, server);
            if (channel == null) {
                return;
            }
            open.incrementAndGet();
            context.connectionOpened();
            ThreadConnection conn = new ThreadConnection(channel, this, context, keepAliveNanos > 0);
            try {
                channel.configureBlocking(false);
                if (!listener.unix()) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                conn.attach(new Http1Connection(new TimedTransport(channel, ioTimeoutMillis),
                        ConnectionInfo.of(channel, listener), http, context.app(), context.log(), observer));
            } catch (IOException | UncheckedIOException e) {
                context.log().debug("connection setup failed: error=" + e);
                conn.close();
                continue;
            }
            register(conn, now + firstBytesNanos);
        }
    }

    /**
     * The bound on one client read or write: {@code timeout}, or Gunicorn's default 30 s
     * when {@code timeout} is 0 (which turns off the heartbeat check, not client bounds).
     */
    static int clientTimeoutSeconds(WorkerContext context) {
        int timeout = context.settings().getInt("timeout", 30);
        return timeout > 0 ? timeout : 30;
    }

    /**
     * Accepts one connection; a failure (EMFILE, ENFILE, ENOBUFS) is logged and answered
     * with null, as Gunicorn does: the worker keeps serving what it holds, and the queued
     * connection is tried again on the next turn.
     */
    private void dispatch(SelectionKey key) {
        ThreadConnection conn = (ThreadConnection) key.attachment();
        key.cancel();
        conn.key = null;
        parked--;
        ready.add(conn);
    }

    /** Called by a pool thread when a keep-alive connection waits for its next request. */
    void park(ThreadConnection conn) {
        returned.add(conn);
        if (selecting) {
            selector.wakeup();
        }
    }

    /** Called once per connection, by whichever thread closed it. */
    void closed() {
        context.connectionClosed();
        if (open.getAndDecrement() == maxConnections) {
            selector.wakeup();
        }
    }

    private void takeBack(long now) {
        ThreadConnection conn;
        while ((conn = returned.poll()) != null) {
            if (!context.alive() || parked >= maxIdle) {
                conn.close();
            } else {
                conn.servedOne = true;
                register(conn, now + keepAliveNanos);
            }
        }
    }

    private void register(ThreadConnection conn, long deadline) {
        try {
            conn.key = conn.channel.register(selector, SelectionKey.OP_READ, conn);
        } catch (CancelledKeyException e) {
            // The key handed out last time is not flushed yet: a selectNow flushes it.
            try {
                selector.selectNow();
                conn.key = conn.channel.register(selector, SelectionKey.OP_READ, conn);
            } catch (IOException again) {
                conn.close();
                return;
            }
        } catch (ClosedChannelException e) {
            conn.close();
            return;
        }
        conn.deadline = deadline;
        parked++;
    }

    /**
     * Closes parked connections whose client stayed silent past their deadline, and when
     * stopping every idle keep-alive one. A new connection is not closed unserved on a stop:
     * its client may be sending its request right now; it gets {@link #STOP_FIRST_BYTES_NANOS}.
     */
    private void expire(long now) {
        boolean stopping = !context.alive();
        for (SelectionKey key : selector.keys()) {
            if (!(key.attachment() instanceof ThreadConnection conn) || !key.isValid()) {
                continue;
            }
            if (stopping && !conn.servedOne && conn.deadline - (now + STOP_FIRST_BYTES_NANOS) > 0) {
                conn.deadline = now + STOP_FIRST_BYTES_NANOS;
            }
            if ((stopping && conn.servedOne) || now - conn.deadline >= 0) {
                key.cancel();
                conn.key = null;
                parked--;
                conn.close();
            }
        }
    }

    /**
     * After TERM: no more accepting, idle connections closed (by whichever thread polls),
     * in-flight requests get up to {@code graceful_timeout}; the heartbeat keeps going
     * meanwhile.
     */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + graceNanos;
        while (open.get() > 0) {
            if (deadline - System.nanoTime() <= 0) {
                context.log().warn("graceful timeout: worker=" + context.workerId() + " pid=" + context.pid()
                        + " connections=" + open.get() + " still open after " + TimeUnit.NANOSECONDS.toSeconds(graceNanos) + "s");
                return;
            }
            context.heartbeat();
            selector.wakeup();
            Thread.sleep(DRAIN_CHECK_MILLIS);
        }
    }
}
