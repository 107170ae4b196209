package dev.jgu.workers.runtime;

import dev.jgu.spi.Listener;
import dev.jgu.spi.WorkerContext;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker's listeners on its selector: registered for accept (each key's
 * attachment is its {@link Listener}), paused and resumed together (at the
 * connection cap, and for good after TERM). Used by every built-in worker class.
 */
public final class AcceptKeys {

    /** After a failed accept (EMFILE and friends), pause this long before trying again, as Gunicorn does. */
    private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One per worker process: its accepting threads share the pace of their failure lines. */
    private static final AcceptFailures FAILURES = new AcceptFailures();

    private final List<SelectionKey> keys;
    private boolean accepting = true;

    private AcceptKeys(List<SelectionKey> keys) {
        this.keys = keys;
    }

    /**
     * Registers every listener of the worker, non-blocking, for accept.
     *
     * @param context the worker
     * @param selector the worker's selector
     * @return the keys
     * @throws IOException when a listener cannot be registered
     */
    public static AcceptKeys register(WorkerContext context, Selector selector) throws IOException {
        List<SelectionKey> keys = new ArrayList<>();
        for (Listener listener : context.listeners()) {
            listener.channel().configureBlocking(false);
            keys.add(listener.channel().register(selector, SelectionKey.OP_ACCEPT, listener));
        }
        return new AcceptKeys(keys);
    }

    /** @param pause true to stop accepting (connections wait in the kernel's queue), false to resume */
    public void pause(boolean pause) {
        if (pause == !accepting) {
            return;
        }
        accepting = !pause;
        for (SelectionKey key : keys) {
            if (key.isValid()) {
                key.interestOps(pause ? 0 : SelectionKey.OP_ACCEPT);
            }
        }
    }

    /**
     * Accepts one connection. A failure (out of file descriptors, most often) is followed by
     * a short pause, and logged at most once a second with the count since the last line:
     * the worker keeps serving what it holds.
     *
     * @param context the worker
     * @param server a listener the selector reported ready
     * @return the connection, or null when there was none or accept failed
     */
    public static SocketChannel accept(WorkerContext context, ServerSocketChannel server) {
        try {
            return server.accept();
        } catch (IOException e) {
            long more = FAILURES.failed(System.nanoTime());
            if (more >= 0) {
                context.log().error("accept failed: worker=" + context.workerId() + " error=" + e
                        + (more > 0 ? " (and " + more + " more since the last line)" : ""));
            }
            LockSupport.parkNanos(ACCEPT_BACKOFF_NANOS);
            return null;
        }
    }
}
