package dev.jgu.workers.sync;

import dev.jgu.http.Http1Connection;
import dev.jgu.spi.WorkerContext;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of a {@code gthread} worker. It is either parked on the
 * poller (no thread held, a deadline for its next bytes) or being served by one pool
 * thread, never both: the poller cancels its key before handing it to the pool.
 */
final class ThreadConnection implements Runnable {

    final SocketChannel channel;
    private final ThreadPoller poller;
    private final WorkerContext context;
    private final boolean keepAlive;
    private Http1Connection http;
    /** Poller thread only: the key while parked, and when the connection expires. */
    SelectionKey key;
    long deadline;
    /** Poller thread only: whether it served a request (an idle keep-alive connection, not a new one). */
    boolean servedOne;
    /** When the poller handed it out to be served (read by the main thread's stall check). */
    volatile long readyAt;

    /** Asked after the app answered, so a worker that began stopping closes instead. */
    private final java.util.function.BooleanSupplier mayKeepAlive;

    ThreadConnection(SocketChannel channel, ThreadPoller poller, WorkerContext context, boolean keepAlive) {
        this.channel = channel;
        this.poller = poller;
        this.context = context;
        this.keepAlive = keepAlive;
        this.mayKeepAlive = () -> this.keepAlive && context.alive();
    }

    void attach(Http1Connection connection) {
        this.http = connection;
    }

    /** Serves what the client sent (pipelined requests too), then parks or closes. On a pool thread. */
    @Override
    public void run() {
        boolean keep;
        try {
            do {
                keep = http.serveOne(mayKeepAlive);
            } while (keep && http.hasBufferedInput() && context.alive());
        } catch (IOException | RuntimeException e) {
            context.log().error("connection failed: peer=" + peer(), e);
            keep = false;
        } catch (Error e) {
            close();
            throw e;
        }
        if (keep && context.alive()) {
            poller.park(this);
        } else {
            close();
        }
    }

    /** Closes the socket; safe from any thread, once it is not registered with the poller. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            context.log().debug("connection close failed: peer=" + peer() + " error=" + e);
        }
        poller.closed();
    }

    String peer() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }
}
