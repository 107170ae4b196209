package dev.jgu.workers.async;

import dev.jgu.spi.Listener;
import dev.jgu.spi.WorkerContext;
import dev.jgu.workers.runtime.AcceptKeys;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * One platform thread of an {@code async} worker: a selector over the listeners and
 * the connections it accepted, and the carrier of those connections' virtual threads.
 * A turn waits for readiness, accepts, wakes the virtual threads whose sockets became
 * ready, and runs every virtual thread that is ready to go, on this thread, until it
 * parks again. A request is read, handled and answered without passing from thread to
 * thread; a handler that blocks (sleep, a lock, a database call) parks its virtual
 * thread and the loop serves the others meanwhile.
 */
final class EventLoop implements Executor {

    /** Virtual threads run per turn at most, so one that keeps yielding cannot starve the selector. */
    private static final int TASKS_PER_TURN = 1024;

    private final AsyncServer server;
    private final WorkerContext context;
    private final int index;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<AsyncConnection> connections = ConcurrentHashMap.newKeySet();
    private final ThreadFactory threads;
    private AcceptKeys acceptKeys;
    /** True while this loop waits in its selector: only then does a task from another thread need a wake-up. */
    private volatile boolean selecting;
    /** When this loop last came back from its selector. */
    private volatile long turnedAt = System.nanoTime();

    EventLoop(AsyncServer server, int index) throws IOException {
        this.server = server;
        this.context = server.context();
        this.index = index;
        this.selector = Selector.open();
        this.threads = VirtualThreads.on(this, "jgu-async-" + index + "-", server.onLoops());
    }

    void open() throws IOException {
        acceptKeys = AcceptKeys.register(context, selector);
    }

    /** Runs a task on this loop: the continuation of one of its virtual threads. */
    @Override
    public void execute(Runnable task) {
        tasks.offer(task);
        if (selecting) {
            selector.wakeup();
        }
    }

    /** A virtual thread changed its interest while this loop may be waiting: apply it now. */
    void interestChanged() {
        if (selecting) {
            selector.wakeup();
        }
    }

    void wakeup() {
        selector.wakeup();
    }

    /**
     * Waits for readiness (not at all when virtual threads are ready to run), handles it,
     * and runs the ready virtual threads.
     */
    void turn(long timeoutMillis) throws IOException {
        selecting = true;
        if (tasks.isEmpty()) {
            selector.select(this::handle, timeoutMillis);
        } else {
            selector.selectNow(this::handle);
        }
        selecting = false;
        turnedAt = System.nanoTime();
        int ran = 0;
        for (; ran < TASKS_PER_TURN; ran++) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (Throwable t) {
                context.log().error("virtual thread failed on event loop " + index, t);
            }
        }
        if (ran > 0) {
            // Sibling workers' loops share cores (with each other, and with whatever else runs):
            // offering the core after each batch keeps their turns short, so one does not make
            // its clients wait out the other's whole time slice. Nearly free when nobody waits.
            Thread.yield();
        }
    }

    /** Whether this loop answered recently: it is waiting for events, or came back from them lately. */
    boolean responsive(long now, long stallNanos) {
        return selecting || now - turnedAt < stallNanos;
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        Object attachment = key.attachment();
        if (attachment instanceof LoopTransport transport) {
            transport.ready(key);
        } else if (attachment instanceof Listener listener) {
            accept((ServerSocketChannel) key.channel(), listener);
        }
    }

    private void accept(ServerSocketChannel listenerChannel, Listener listener) {
        while (server.mayAccept()) {
            SocketChannel channel = AcceptKeys.accept(context, listenerChannel);
            if (channel == null) {
                return;
            }
            server.opened();
            LoopTransport transport = new LoopTransport(channel, this, server.ioTimeoutNanos());
            AsyncConnection conn = new AsyncConnection(channel, listener, server, this, transport);
            try {
                channel.configureBlocking(false);
                if (!listener.unix()) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                transport.register(selector);
            } catch (IOException e) {
                context.log().debug("connection setup failed: error=" + e);
                transport.close();
                server.closed();
                continue;
            }
            connections.add(conn);
            threads.newThread(conn).start();
        }
    }

    /** Called once per connection by its own virtual thread, at its end. */
    void closed(AsyncConnection conn) {
        connections.remove(conn);
        server.closed();
    }

    int connectionCount() {
        return connections.size();
    }

    /** Accepts or not, as the worker's connection count and state allow. */
    void pauseAccepting(boolean pause) {
        acceptKeys.pause(pause);
    }

    /**
     * Closes the connections past their deadline; when {@code stopping}, also the idle
     * keep-alive ones (see {@link LoopTransport#expire}).
     */
    void sweep(long now, boolean stopping, long stopGraceNanos) {
        for (AsyncConnection conn : connections) {
            if (conn.transport.expire(now, stopping, stopGraceNanos)) {
                context.log().debug(stopping ? "idle connection closed: worker stopping" : "connection closed: deadline passed");
            }
        }
    }

    void close() throws IOException {
        selector.close();
    }
}
