package dev.jgu.workers.sync;

import dev.jgu.spi.WorkerContext;
import dev.jgu.workers.runtime.LingeringClose;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The {@code sync} worker's lingering closes: a connection whose client may still be
 * sending waits, once answered, on the worker's selector beside the listeners, and is
 * drained there between requests. A client that keeps sending never holds the worker's
 * one thread; what it sends meanwhile waits in the socket's receive queue. Worker thread only.
 */
final class Lingering {

    private final WorkerContext context;
    private final Selector selector;
    private int count;

    Lingering(WorkerContext context, Selector selector) {
        this.context = context;
        this.selector = selector;
    }

    /**
     * Ends an answered connection: lingeringly when its client may still be sending.
     *
     * @param channel the connection, non-blocking
     * @param unread whether the codec left the client's bytes unread
     * @param mayPipeline whether the client may have sent a next request (the socket is looked at)
     * @return true when it lingers (this closes it later); false when the caller closes it now
     * @throws IOException when the socket failed (the caller closes it)
     */
    boolean begin(SocketChannel channel, boolean unread, boolean mayPipeline) throws IOException {
        LingeringClose lingering = LingeringClose.begin(channel, unread, mayPipeline, context.log(), System.nanoTime());
        if (lingering == null) {
            return false;
        }
        channel.register(selector, SelectionKey.OP_READ, lingering);
        count++;
        return true;
    }

    /** @return whether the selected key is a lingering connection's: drained, and closed when done */
    boolean ready(SelectionKey key) {
        if (!(key.attachment() instanceof LingeringClose lingering)) {
            return false;
        }
        boolean done;
        try {
            done = lingering.drain(System.nanoTime());
        } catch (IOException e) {
            SocketChannel channel = (SocketChannel) key.channel();
            context.log().debug("connection error: peer=" + SyncWorker.peer(channel) + " error=" + e);
            done = true;
        }
        if (done) {
            close(key);
        }
        return true;
    }

    /** Closes the lingering connections past their deadline. */
    void expire(long now) {
        if (count == 0) {
            return;
        }
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof LingeringClose lingering && lingering.expired(now)) {
                close(key);
            }
        }
    }

    /** @return how long the worker may wait in its selector: {@code tick}, or less when a lingering close is due */
    long selectMillis(long tick) {
        if (count == 0) {
            return tick;
        }
        long now = System.nanoTime();
        long wait = TimeUnit.MILLISECONDS.toNanos(tick);
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof LingeringClose lingering) {
                wait = Math.min(wait, lingering.deadline() - now);
            }
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
    }

    /** After a stop: drains the lingering connections until each is done, heartbeating meanwhile. */
    void finish(long tick) throws IOException {
        while (count > 0) {
            context.heartbeat();
            selector.select(selectMillis(tick));
            for (SelectionKey key : selector.selectedKeys()) {
                ready(key);
            }
            selector.selectedKeys().clear();
            expire(System.nanoTime());
        }
    }

    private void close(SelectionKey key) {
        key.cancel();
        count--;
        SyncWorker.close(context, (SocketChannel) key.channel());
    }
}
