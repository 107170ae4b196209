package dev.jgu.workers.sync;

import dev.jgu.http.ConnectionInfo;
import dev.jgu.http.Http1Connection;
import dev.jgu.http.HttpConfig;
import dev.jgu.http.RequestObserver;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.Listener;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import dev.jgu.spi.WorkerContext;
import dev.jgu.workers.runtime.AcceptKeys;
import dev.jgu.workers.runtime.HttpSettings;
import dev.jgu.workers.runtime.LingeringClose;
import dev.jgu.workers.runtime.WorkerObserver;

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
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@code gthread} worker (Gunicorn's {@code ThreadWorker}): one selector holds the
 * listeners and every connection that waits for bytes (new ones, idle keep-alive ones, and
 * ones whose request head is still arriving), so a slow or idle client holds a socket but
 * never a thread; {@code threads} platform threads serve the ones whose head is complete.
 * A thread reads a head without waiting; one found incomplete comes back here, and the
 * poller reads the rest of it, without waiting, into the codec's buffer. So a head that
 * comes in one read costs one read on the serving thread, as before heads were read here,
 * and a head that trickles in holds no thread.
 *
 * <p>The threads take turns at the selector (leader and followers), and the thread that
 * polled serves what it found itself, one connection after the other, with no hand-off
 * to another thread: for the usual request, which never blocks, a worker runs like an
 * event loop. Because a request may block (sleep, a lock, a slow database), the worker's
 * main thread watches: when a readable connection has waited, or the selector has gone
 * unpolled, for more than {@link #STALL_NANOS}, it wakes an idle thread to serve or poll.
 * So a blocked request delays the others by a millisecond or a few (the check backs
 * off while it finds nothing, and an idle worker's main thread dozes), never more while
 * a thread is free; once every thread is busy nobody polls: nobody could serve what a poll
 * found. The main thread also heartbeats, so a long request never stops the heartbeat
 * while another thread is free or requests are still answered; a worker whose every thread
 * has hung stops beating and is replaced once that lasts {@code timeout}.
 */
final class GthreadPoller {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * How long a readable connection may wait for a thread, or the selector for a poller,
     * before the main thread wakes an idle thread: the delay a blocking request adds for
     * the connections behind it, against a wake-up per request for the ones that never block.
     */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * How long the stall may last when every serving thread is runnable (computing, or
     * preempted on a machine with no core to spare, where another thread would not help).
     */
    static final long RUNNABLE_STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * The main thread checks for stalls this often after finding one, and backs off, a
     * doubling at a time, to {@link #MAX_CHECK_NANOS} while it finds none: the threads of
     * a worker whose requests do not block are not disturbed thousands of times a second,
     * and the first blocking request after a quiet spell waits a few milliseconds at most.
     */
    private static final long MIN_CHECK_NANOS = STALL_NANOS / 2;
    private static final long MAX_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
    /** With no events for this long the main thread dozes (heartbeats only) until the next ones. */
    private static final long DOZE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
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
    private final long ioTimeoutNanos;
    private final long graceNanos;
    private final Selector selector;
    /** Held by the thread at the selector; taken with tryLock only. */
    private final ReentrantLock pollerRole = new ReentrantLock();
    /** Readable connections handed out by the poller, waiting for a thread. */
    private final Queue<GthreadConnection> ready = new ConcurrentLinkedQueue<>();
    /** Threads waiting for work or for their turn at the selector. */
    private final Deque<Thread> idle = new ConcurrentLinkedDeque<>();
    private final List<GthreadThread> pool = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Connections waiting for bytes (new, or kept alive between requests). */
    private final AtomicInteger waiting = new AtomicInteger();
    /** True while a thread waits in the selector: only then does a change to a key need a wake-up. */
    private volatile boolean selecting;
    /** When the last turn at the selector ended: the poller role has been free since, unless held. */
    private volatile long turnedAt = System.nanoTime();
    /** When a poll last found events; with {@link #dozing}, how the poller wakes a dozing main thread. */
    private volatile long eventsAt = System.nanoTime();
    private volatile boolean dozing;
    private Thread main;
    private AcceptKeys acceptKeys;
    /** Requests answered (or failed) so far, for the heartbeat's progress check. */
    private final LongAdder finished = new LongAdder();
    /** The serving threads' waits on their clients, for the heartbeat's progress check. */
    private final ClientIo clientIo = new ClientIo();
    /** Main thread only: {@link #finished} plus {@link ClientIo#moved()} at the last heartbeat check. */
    private long progressAtBeat;
    /** Poller role only: when connections are swept next. */
    private long nextSweep;

    GthreadPoller(WorkerContext context) throws IOException {
        this.context = context;
        SettingValues settings = SettingValues.from(context.settings());
        this.http = HttpSettings.config(settings);
        this.observer = counting(new WorkerObserver(context), finished);
        this.threads = settings.get(WorkerSettings.THREADS);
        this.maxConnections = settings.get(WorkerSettings.WORKER_CONNECTIONS);
        // Gunicorn keeps at most worker_connections - threads idle keep-alive connections.
        this.maxIdle = Math.max(0, maxConnections - threads);
        int keepAlive = settings.get(WorkerSettings.KEEPALIVE);
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAlive);
        this.firstBytesNanos = TimeUnit.SECONDS.toNanos(Math.max(keepAlive, MIN_FIRST_BYTES_SECONDS));
        this.ioTimeoutMillis = clientTimeoutSeconds(settings) * 1000L;
        this.ioTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(ioTimeoutMillis);
        this.graceNanos = TimeUnit.SECONDS.toNanos(settings.get(WorkerSettings.GRACEFUL_TIMEOUT));
        this.selector = Selector.open();
    }

    /** Starts the threads, heartbeats until TERM or INT, then drains; returns when the worker may exit. */
    void run() throws IOException, InterruptedException {
        try (selector) {
            acceptKeys = AcceptKeys.register(context, selector);
            main = Thread.currentThread();
            context.onStop(() -> {
                LockSupport.unpark(main);
                selector.wakeup();
                idle.forEach(LockSupport::unpark);
            });
            for (int i = 1; i <= threads; i++) {
                Thread t = new Thread(this::follow, "jgu-gthread-" + i);
                t.setDaemon(true);
                t.start();
            }
            long beatAt = 0;
            long check = MIN_CHECK_NANOS;
            while (context.alive()) {
                long now = System.nanoTime();
                if (now - beatAt >= TICK_NANOS) {
                    if (progressed()) {
                        context.heartbeat();
                    }
                    beatAt = now;
                }
                check = rescueStalls(now) ? MIN_CHECK_NANOS : Math.min(MAX_CHECK_NANOS, check * 2);
                if (check == MAX_CHECK_NANOS && now - eventsAt > DOZE_AFTER_NANOS) {
                    doze();
                    check = MIN_CHECK_NANOS;
                } else {
                    LockSupport.parkNanos(this, check);
                }
            }
            drain();
        }
    }

    /** The life of a pool thread: serve a ready connection, else take a turn at the selector, else wait. */
    private void follow() {
        GthreadThread self = GthreadThread.current();
        pool.add(self);
        while (selector.isOpen()) {
            GthreadConnection conn = ready.poll();
            if (conn != null) {
                self.serving(true);
                try {
                    conn.run();
                } finally {
                    self.serving(false);
                }
                if (ready.isEmpty()) {
                    // as an async event loop does after each batch: sibling workers share the
                    // cores, and offering this one now keeps their clients from waiting out a
                    // whole time slice of ours (nearly free when nobody waits)
                    Thread.yield();
                }
                continue;
            }
            if (pollerRole.tryLock()) {
                try {
                    turn(context.alive() ? TICK_NANOS : STOPPING_TICK_NANOS);
                } catch (IOException | RuntimeException e) {
                    if (!selector.isOpen()) {
                        return;
                    }
                    context.log().error("gthread poller failed: worker=" + context.workerId(), e);
                } finally {
                    turnedAt = System.nanoTime();
                    pollerRole.unlock();
                }
                continue;
            }
            awaitWork();
        }
    }

    /**
     * On the main thread, before a heartbeat: whether the worker can still take a request or
     * is busy with its clients. It is while a pool thread is free, while a serving thread waits
     * on its client (a wait the I/O timeout bounds), or when a request was answered or such a
     * wait ended with bytes moved (a long upload or download) since the last look. When every
     * thread has stayed in the app on the same request since then, no heartbeat goes out: once
     * that lasts {@code timeout}, the arbiter takes the worker for hung and replaces it (QUIT
     * for a thread dump, then ABRT, then KILL), as it does a {@code sync} worker whose one
     * request hangs. A worker busy with many short requests keeps beating.
     */
    private boolean progressed() {
        long done = finished.sum() + clientIo.moved();
        boolean progressed = done != progressAtBeat || clientIo.waiting() > 0 || pool.size() < threads
                || pool.stream().anyMatch(t -> !t.serving());
        progressAtBeat = done;
        return progressed;
    }

    /**
     * On the main thread of an idle worker: sleeps until the poller finds events (or a
     * heartbeat is due), so an idle worker wakes twice a second, not hundreds of times.
     * Both sides write their flag, then read the other's, so one of them sees the other.
     */
    private void doze() {
        dozing = true;
        if (System.nanoTime() - eventsAt > DOZE_AFTER_NANOS && context.alive()) {
            LockSupport.parkNanos(this, TICK_NANOS);
        }
        dozing = false;
    }

    /**
     * On the main thread: wakes an idle thread when a readable connection has waited too
     * long for one (the threads that could serve it are busy, perhaps blocked), or when
     * nobody has polled for too long (the last poller is still serving what it found).
     * Too long is {@link #STALL_NANOS} when a serving thread waits (a blocking request),
     * {@link #RUNNABLE_STALL_NANOS} when they all run or wait for a core.
     *
     * @return whether it woke a thread for a stall
     */
    private boolean rescueStalls(long now) {
        long stalled = 0;
        GthreadConnection head = ready.peek();
        if (head != null) {
            stalled = now - head.readyAt;
        }
        if (!pollerRole.isLocked()) {
            stalled = Math.max(stalled, now - turnedAt);
        }
        if (stalled <= STALL_NANOS) {
            return false;
        }
        if (stalled > RUNNABLE_STALL_NANOS || pool.stream().anyMatch(t -> t.serving() && t.waiting())) {
            wakeOne();
            return true;
        }
        return false;
    }

    /**
     * Parks an idle thread until it is woken: by the main thread's stall check, which is
     * what lets the others go on while a request blocks, or by a stop.
     */
    private void awaitWork() {
        Thread me = Thread.currentThread();
        idle.push(me);
        if (ready.isEmpty() && pollerRole.isLocked() && selector.isOpen()) {
            LockSupport.park(this);
        }
        idle.remove(me);
    }

    private void wakeOne() {
        Thread t = idle.poll();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** One turn at the selector: wait for events, accept, hand out the readable connections, expire. */
    private void turn(long maxWaitNanos) throws IOException {
        long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
        selecting = true;
        int events = selector.select(wait);
        selecting = false;
        long now = System.nanoTime();
        if (events > 0) {
            eventsAt = now;
            if (dozing) {
                LockSupport.unpark(main);
            }
        }
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
                readable((GthreadConnection) key.attachment(), now);
            }
        }
        if (now - nextSweep >= 0 || !context.alive()) {
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
            GthreadConnection conn = new GthreadConnection(channel, this, context, keepAliveNanos > 0);
            try {
                channel.configureBlocking(false);
                if (!listener.unix()) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                conn.attach(Http1Connection.serving(context.handler(), new TimedTransport(channel, ioTimeoutMillis, clientIo),
                        ConnectionInfo.of(channel, listener), http, context.log(), observer));
            } catch (IOException | UncheckedIOException e) {
                context.log().debug("connection setup failed: error=" + e);
                conn.close();
                continue;
            }
            try {
                conn.key = channel.register(selector, SelectionKey.OP_READ, conn);
            } catch (ClosedChannelException e) {
                conn.close();
                continue;
            }
            conn.deadline = now + firstBytesNanos;
            waiting.incrementAndGet();
            conn.startWaiting();
        }
    }

    /**
     * The bound on one client read or write: {@code timeout}, or Gunicorn's default 30 s
     * when {@code timeout} is 0 (which turns off the heartbeat check, not client bounds).
     */
    static int clientTimeoutSeconds(SettingValues settings) {
        int timeout = settings.get(WorkerSettings.TIMEOUT);
        return timeout > 0 ? timeout : 30;
    }

    /**
     * The selector found a connection readable. One that waits for bytes goes to the
     * threads, unless its head has begun and was incomplete: then the poller reads what
     * came, and hands it out once the head is complete. Its key stays registered, so
     * serving a request costs no selector update. One being served (its
     * client sent more, or hung up, before its thread was done) is no longer watched until
     * its thread is done with it: a level-triggered selector would report it on every turn.
     */
    private void readable(GthreadConnection conn, long now) {
        if (conn.waiting()) {
            if (!conn.headOnPoller || conn.headArrived(now, ioTimeoutNanos)) {
                handOut(conn, now);
            }
        } else if (conn.lingering()) {
            conn.drainLingering(now, true);
        } else if (conn.serving()) {
            try {
                conn.key.interestOps(0);
                if (!conn.disarm()) {
                    // its thread let go of it meanwhile: it waits, and is readable
                    conn.key.interestOps(SelectionKey.OP_READ);
                }
            } catch (CancelledKeyException e) {
                // its thread closed it meanwhile
            }
        }
    }

    /** Gives a waiting connection to the threads, to be served. */
    private void handOut(GthreadConnection conn, long now) {
        if (conn.claim()) {
            waiting.decrementAndGet();
            conn.readyAt = now;
            ready.add(conn);
        }
    }

    /**
     * Called by a pool thread when a keep-alive connection waits for its next request:
     * it waits on the selector again, unless the worker stops or holds its most idle
     * connections already.
     */
    void park(GthreadConnection conn) {
        boolean headBegun = conn.headBegun();
        if (!context.alive() || (waiting.get() >= maxIdle && !headBegun)) {
            conn.close();
            return;
        }
        long now = System.nanoTime();
        // a next request begun in the buffer is one whose head trickles in: its bounds, not keep-alive's
        conn.deadline = headBegun ? conn.headWaitDeadline(now, ioTimeoutNanos) : now + keepAliveNanos;
        conn.servedOne = true;
        waiting.incrementAndGet();
        if (conn.release()) {
            return;
        }
        watchAgain(conn);
    }

    /**
     * Called by a pool thread when an answered connection closes lingeringly: the poller
     * drains it from now on (see {@link LingeringClose}); it counts towards
     * {@code worker_connections} until closed, not towards the idle ones.
     */
    void linger(GthreadConnection conn, LingeringClose lingering) {
        if (conn.linger(lingering)) {
            return;
        }
        watchAgain(conn);
    }

    /** The poller stopped watching a connection while it was served: watch it again. */
    private void watchAgain(GthreadConnection conn) {
        try {
            conn.key.interestOps(SelectionKey.OP_READ);
        } catch (CancelledKeyException e) {
            conn.close();
            return;
        }
        if (selecting) {
            selector.wakeup();
        }
    }

    /** Called once per connection, by whichever thread closed it. */
    void closed(boolean wasWaiting) {
        if (wasWaiting) {
            waiting.decrementAndGet();
        }
        context.connectionClosed();
        if (open.getAndDecrement() == maxConnections || selecting) {
            // a full worker accepts again; a closed socket's key is flushed (the JDK keeps
            // its file descriptor until every selector it was registered with let go of it)
            selector.wakeup();
        }
    }

    /**
     * Closes waiting connections whose client stayed silent past their deadline, lingering
     * ones past theirs, and when stopping every idle keep-alive one. A new connection, or one
     * whose next head has begun, is not closed unserved on a stop: its client may be sending
     * its request right now; it gets {@link #STOP_FIRST_BYTES_NANOS}. One whose head is past
     * {@code header_timeout} goes to a thread, to be answered 408.
     */
    private void expire(long now) {
        boolean stopping = !context.alive();
        for (SelectionKey key : selector.keys()) {
            if (!(key.attachment() instanceof GthreadConnection conn) || !key.isValid()) {
                continue;
            }
            if (conn.lingering()) {
                // as an answer in flight, it is not cut short by a stop: its bounds are short
                conn.drainLingering(now, false);
                continue;
            }
            if (!conn.waiting()) {
                continue;
            }
            boolean idle = conn.servedOne && !conn.headBegun();
            if (stopping && !idle && conn.deadline - (now + STOP_FIRST_BYTES_NANOS) > 0) {
                conn.deadline = now + STOP_FIRST_BYTES_NANOS;
            }
            if (conn.headExpired(now)) {
                handOut(conn, now);
            } else if ((stopping && idle) || now - conn.deadline >= 0) {
                conn.closeWaiting();
            }
        }
    }

    /**
     * After TERM: no more accepting, idle connections closed (by whichever thread polls),
     * in-flight requests get up to {@code graceful_timeout}; the heartbeat and the stall
     * check keep going meanwhile.
     */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + graceNanos;
        while (open.get() > 0) {
            long now = System.nanoTime();
            if (deadline - now <= 0) {
                context.log().warn("graceful timeout: worker=" + context.workerId() + " pid=" + context.pid()
                        + " connections=" + open.get() + " still open after " + TimeUnit.NANOSECONDS.toSeconds(graceNanos) + "s");
                return;
            }
            context.heartbeat();
            rescueStalls(now);
            selector.wakeup();
            Thread.sleep(DRAIN_CHECK_MILLIS);
        }
    }

    /** @return {@code observer}, also counting each finished request in {@code finished} */
    private static RequestObserver counting(RequestObserver observer, LongAdder finished) {
        return new RequestObserver() {
            @Override
            public void requestStarted(Request request) {
                observer.requestStarted(request);
            }

            @Override
            public void requestFinished(Request request, Response response, int status,
                                        long bodyBytesSent, long durationNanos) {
                finished.increment();
                observer.requestFinished(request, response, status, bodyBytesSent, durationNanos);
            }
        };
    }
}
