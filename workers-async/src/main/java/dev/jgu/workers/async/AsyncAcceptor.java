package dev.jgu.workers.async;

import dev.jgu.http.HttpConfig;
import dev.jgu.http.RequestObserver;
import dev.jgu.http.WorkerObserver;
import dev.jgu.spi.Listener;
import dev.jgu.spi.WorkerContext;
import dev.jgu.workers.core.AcceptKeys;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform thread of an {@code async} worker: accepts on every listener, starts
 * one virtual thread per connection, heartbeats, and sweeps connections past their
 * deadline (keep-alive idle time, client I/O timeout). It stops accepting at
 * {@code worker_connections} and resumes when a connection closes.
 */
final class AsyncAcceptor {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
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
    private final Selector selector;
    private final Set<AsyncConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private AcceptKeys acceptKeys;
    private final ThreadFactory virtualThreads = Thread.ofVirtual().name("jgu-async-", 1).factory();

    AsyncAcceptor(WorkerContext context) throws IOException {
        this.context = context;
        this.http = HttpConfig.from(context.settings());
        this.observer = new WorkerObserver(context);
        this.maxConnections = Math.max(1, context.settings().getInt("worker_connections", 1000));
        int keepAlive = Math.max(0, context.settings().getInt("keepalive", 2));
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAlive);
        this.firstBytesNanos = TimeUnit.SECONDS.toNanos(Math.max(keepAlive, MIN_FIRST_BYTES_SECONDS));
        int timeout = context.settings().getInt("timeout", 30);
        // timeout 0 turns off the heartbeat check, not the bound on client I/O: Gunicorn's default then.
        this.ioTimeoutNanos = TimeUnit.SECONDS.toNanos(timeout > 0 ? timeout : 30);
        this.graceNanos = TimeUnit.SECONDS.toNanos(Math.max(0, context.settings().getInt("graceful_timeout", 30)));
        this.selector = Selector.open();
    }

    WorkerContext context() {
        return context;
    }

    HttpConfig http() {
        return http;
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

    void run() throws IOException {
        try (selector) {
            acceptKeys = AcceptKeys.register(context, selector);
            context.onStop(selector::wakeup);
            long nextSweep = 0;
            while (context.alive()) {
                context.heartbeat();
                selector.select(TimeUnit.NANOSECONDS.toMillis(TICK_NANOS));
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext() && context.alive()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid()) {
                        accept((ServerSocketChannel) key.channel(), (Listener) key.attachment());
                    }
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now, false);
                    nextSweep = now + TICK_NANOS;
                }
                acceptKeys.pause(open.get() >= maxConnections);
            }
            drain();
        }
    }

    private void accept(ServerSocketChannel server, Listener listener) throws IOException {
        while (open.get() < maxConnections) {
            SocketChannel channel = AcceptKeys.accept(context, server);
            if (channel == null) {
                return;
            }
            open.incrementAndGet();
            context.connectionOpened();
            AsyncConnection conn = new AsyncConnection(channel, listener, this, new DeadlineTransport(channel, ioTimeoutNanos));
            try {
                channel.configureBlocking(true);
                if (!listener.unix()) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException e) {
                context.log().debug("connection setup failed: error=" + e);
                conn.transport.close();
                closed(conn);
                continue;
            }
            connections.add(conn);
            virtualThreads.newThread(conn).start();
        }
    }

    /** Called once per connection by its own virtual thread, at its end. */
    void closed(AsyncConnection conn) {
        connections.remove(conn);
        context.connectionClosed();
        if (open.getAndDecrement() == maxConnections) {
            selector.wakeup();
        }
    }

    private void sweep(long now, boolean stopping) {
        for (AsyncConnection conn : connections) {
            if (conn.transport.expire(now, stopping, STOP_FIRST_BYTES_NANOS)) {
                context.log().debug(stopping ? "idle connection closed: worker stopping" : "connection closed: deadline passed");
            }
        }
    }

    /**
     * After TERM: no more accepting, idle keep-alive connections closed, in-flight
     * requests get up to {@code graceful_timeout}; the heartbeat keeps going meanwhile.
     */
    private void drain() throws IOException {
        acceptKeys.pause(true);
        long deadline = System.nanoTime() + graceNanos;
        while (open.get() > 0) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                context.log().warn("graceful timeout: worker=" + context.workerId() + " pid=" + context.pid()
                        + " connections=" + open.get() + " still open after " + TimeUnit.NANOSECONDS.toSeconds(graceNanos) + "s");
                return;
            }
            context.heartbeat();
            sweep(now, true);
            selector.select(50);
            selector.selectedKeys().clear();
        }
    }
}
