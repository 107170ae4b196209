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
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The main loop of a {@code gthread} worker (Gunicorn's {@code ThreadWorker.run}): one
 * selector holds the listeners and every connection that waits for bytes (new ones and
 * idle keep-alive ones), so a slow or idle client holds a socket but never a thread.
 * Readable connections go to a pool of {@code threads} platform threads; when a thread
 * is done with a keep-alive connection it hands it back here. This loop heartbeats
 * every turn, whatever the pool threads are doing.
 */
final class ThreadPoller {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Gunicorn gives a new connection 5 s for its first bytes; a longer keep-alive wins. */
    private static final int MIN_FIRST_BYTES_SECONDS = 5;
    /** After a failed accept, a pause so that running out of fds does not spin the loop. */
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
    private final ExecutorService pool;
    private final Queue<ThreadConnection> returned = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private AcceptKeys acceptKeys;
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
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "jgu-gthread-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void run() throws IOException {
        try (selector) {
            acceptKeys = AcceptKeys.register(context, selector);
            context.onStop(selector::wakeup);
            while (context.alive()) {
                turn(TICK_NANOS);
            }
            drain();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One loop turn: heartbeat, wait for events, take back connections, accept, hand out, expire. */
    private void turn(long maxWaitNanos) throws IOException {
        context.heartbeat();
        long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
        selector.select(wait);
        long now = System.nanoTime();
        takeBack(now);
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
            }
        }
        if (now - nextSweep >= 0) {
            expire(now);
            nextSweep = now + SWEEP_NANOS;
        }
        acceptKeys.pause(open.get() >= maxConnections || !context.alive());
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
        pool.execute(conn);
    }

    /** Called by a pool thread when a keep-alive connection waits for its next request. */
    void park(ThreadConnection conn) {
        returned.add(conn);
        selector.wakeup();
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
     * After TERM: no more accepting, idle connections closed, in-flight requests get
     * up to {@code graceful_timeout}; the heartbeat keeps going meanwhile.
     */
    private void drain() throws IOException {
        acceptKeys.pause(true);
        long deadline = System.nanoTime() + graceNanos;
        expire(System.nanoTime());
        while (open.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                context.log().warn("graceful timeout: worker=" + context.workerId() + " pid=" + context.pid()
                        + " connections=" + open.get() + " still open after " + TimeUnit.NANOSECONDS.toSeconds(graceNanos) + "s");
                return;
            }
            turn(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            expire(System.nanoTime());
        }
    }
}
