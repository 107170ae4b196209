package dev.jgu.workers.sync;

import dev.jgu.http.Http1Connection;
import dev.jgu.spi.WorkerContext;
import dev.jgu.workers.runtime.LingeringClose;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection of a {@code gthread} worker. It is either waiting for bytes
 * (watched by the poller, no thread held, a deadline for its next bytes) or being served
 * by one pool thread, never both: its state says which, and the poller hands it to the
 * threads only by claiming it from waiting. A thread takes what came of a request head
 * without waiting; when the head is incomplete it goes back to the poller, which reads the
 * rest into the codec's buffer and hands it out only once the head is complete (or refused,
 * cut short, or past {@code header_timeout}: the thread just answers it), so a client that
 * sends its head slowly holds no thread. Its key stays registered throughout. Once
 * answered, a connection whose client may still be sending lingers: the poller drains it
 * until its lingering close is done, and no thread is held meanwhile.
 */
final class GthreadConnection implements Runnable {

    private static final int WAITING = 0;
    private static final int SERVING = 1;
    /** Serving, and the poller stopped watching it (the client sent more meanwhile). */
    private static final int DISARMED = 2;
    private static final int CLOSED = 3;
    /** Answered, output shut down: the poller drains what the client still sends, then closes it. */
    private static final int LINGERING = 4;

    final SocketChannel channel;
    private final GthreadPoller poller;
    private final WorkerContext context;
    private final boolean keepAlive;
    private Http1Connection http;
    /** Its lingering close, set by its thread before the state says {@link #LINGERING}; the poller's from then on. */
    private LingeringClose lingering;
    private final AtomicInteger state = new AtomicInteger(SERVING);
    /** The connection's key with the poller's selector. */
    SelectionKey key;
    /** When a waiting connection expires. */
    volatile long deadline;
    /**
     * Whether its request head has begun and the poller reads the rest; else the poller hands
     * it out at its first bytes and the thread reads them, so a head that comes in one read
     * costs what it did before the poller read heads. Written before its state says waiting.
     */
    boolean headOnPoller;
    /** Whether it served a request (an idle keep-alive connection, not a new one). */
    volatile boolean servedOne;
    /** When the poller handed it out to be served (read by the main thread's stall check). */
    volatile long readyAt;

    /** Asked after the app answered, so a worker that began stopping closes instead. */
    private final java.util.function.BooleanSupplier mayKeepAlive;

    GthreadConnection(SocketChannel channel, GthreadPoller poller, WorkerContext context, boolean keepAlive) {
        this.channel = channel;
        this.poller = poller;
        this.context = context;
        this.keepAlive = keepAlive;
        this.mayKeepAlive = () -> this.keepAlive && context.alive();
    }

    void attach(Http1Connection connection) {
        this.http = connection;
    }

    /**
     * Serves what the client sent (pipelined requests too), then parks or closes. On a pool
     * thread. A head found incomplete goes back to the poller, which reads the rest: the
     * thread took what had come without waiting, and no thread waits for the rest.
     */
    @Override
    public void run() {
        boolean keep;
        try {
            if (!http.headArrived()) {
                headOnPoller = true;
                poller.park(this);
                return;
            }
            do {
                keep = http.serveOne(mayKeepAlive);
            } while (keep && context.alive() && nextHeadBuffered());
            // a next head begun in the buffer is the poller's to go on with
            headOnPoller = keep && http.headBegun();
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
            end();
        }
    }

    /** Closes it after its last answer: lingeringly, on the poller, when its client may still be sending. */
    private void end() {
        LingeringClose l;
        try {
            l = LingeringClose.begin(channel, http.unreadInput(), http.mayPipeline(), context.log(), System.nanoTime());
        } catch (IOException e) {
            context.log().debug("connection error: peer=" + peer() + " error=" + e);
            l = null;
        }
        if (l == null) {
            close();
        } else {
            poller.linger(this, l);
        }
    }

    /**
     * On the poller, while it waits: reads what came of its next request head, without waiting.
     * While the head is incomplete its deadline becomes the head's ({@code header_timeout} after
     * its first byte), bounded like each read of it by {@code timeout} since the last bytes.
     *
     * @return whether a thread can serve it without waiting for its head
     */
    boolean headArrived(long now, long ioTimeoutNanos) {
        if (http.headArrived()) {
            return true;
        }
        if (http.headBegun()) {
            deadline = headWaitDeadline(now, ioTimeoutNanos);
        }
        return false;
    }

    /**
     * @return when a connection whose head has begun expires: at the head's deadline, or
     *     {@code timeout} after now when that comes first
     */
    long headWaitDeadline(long now, long ioTimeoutNanos) {
        long readBound = now + ioTimeoutNanos;
        long head = http.headDeadline();
        return head != Long.MAX_VALUE && head - readBound < 0 ? head : readBound;
    }

    /** @return whether its request head has begun (so it is no idle keep-alive connection) */
    boolean headBegun() {
        return http.headBegun();
    }

    /** @return whether its request head has begun and is past {@code header_timeout}, so it is answered 408 */
    boolean headExpired(long now) {
        long head = http.headDeadline();
        return http.headBegun() && head != Long.MAX_VALUE && now - head >= 0;
    }

    /** @return whether a further request is buffered, complete: it is served now, by the thread that has it */
    boolean nextHeadBuffered() {
        return http.hasBufferedInput() && http.headArrived();
    }

    /** The poller watches it from now on (set up, or kept alive after a request). */
    void startWaiting() {
        state.set(WAITING);
    }

    /** @return whether the caller (the poller) took it from waiting, to be served */
    boolean claim() {
        return state.compareAndSet(WAITING, SERVING);
    }

    /** @return whether it waits for bytes, the poller's to read and hand out */
    boolean waiting() {
        return state.get() == WAITING;
    }

    boolean serving() {
        return state.get() == SERVING;
    }

    /** @return whether it was still being served, so the poller's stop watching it holds */
    boolean disarm() {
        return state.compareAndSet(SERVING, DISARMED);
    }

    /**
     * Its thread is done with it: it waits for bytes again.
     *
     * @return false when the poller had stopped watching it, so the caller must watch it again
     */
    boolean release() {
        if (state.compareAndSet(SERVING, WAITING)) {
            return true;
        }
        state.set(WAITING);
        return false;
    }

    /**
     * Its thread is done with it and it lingers from now on.
     *
     * @return false when the poller had stopped watching it, so the caller must watch it again
     */
    boolean linger(LingeringClose l) {
        lingering = l;
        if (state.compareAndSet(SERVING, LINGERING)) {
            return true;
        }
        state.set(LINGERING);
        return false;
    }

    boolean lingering() {
        return state.get() == LINGERING;
    }

    /** On the poller: drains it, and closes it once its lingering close is done or past its deadline. */
    void drainLingering(long now, boolean readable) {
        boolean done;
        try {
            done = (readable && lingering.drain(now)) || lingering.expired(now);
        } catch (IOException e) {
            context.log().debug("connection error: peer=" + peer() + " error=" + e);
            done = true;
        }
        if (done) {
            close();
        }
    }

    /** Closes it if it is waiting for bytes (an expiry): @return whether it did */
    boolean closeWaiting() {
        if (!state.compareAndSet(WAITING, CLOSED)) {
            return false;
        }
        closeChannel();
        poller.closed(true);
        return true;
    }

    /** Closes the socket, once, from any thread; the JDK cancels its key. */
    void close() {
        int before = state.getAndSet(CLOSED);
        if (before == CLOSED) {
            return;
        }
        closeChannel();
        poller.closed(before == WAITING);
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            context.log().debug("connection close failed: peer=" + peer() + " error=" + e);
        }
    }

    String peer() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }
}
