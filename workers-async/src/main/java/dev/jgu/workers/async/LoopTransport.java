package dev.jgu.workers.async;

import dev.jgu.http.Transport;
import dev.jgu.spi.Log;
import dev.jgu.workers.runtime.LingeringClose;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A connection's socket as its virtual thread sees it: blocking reads and writes over a
 * non-blocking channel registered with the connection's {@link EventLoop}. When the
 * socket is not ready the thread parks until the loop's selector says it is, so waking
 * it takes no extra thread and, on an event loop carrier, no system call.
 *
 * <p>Each blocking call publishes its deadline, and the loop's sweep closes the channel
 * once it passes, which wakes the parked thread with an exception. A read bounded by the
 * codec's deadline (a request head's {@code header_timeout}, a body's progress) publishes
 * that one too, and the sweep only wakes the thread at it, so the codec can still answer
 * 408 on the open socket. The state tells an
 * idle connection (waiting for the first byte of a request: a graceful stop may close
 * it) from a busy one (a stop lets it finish).
 */
final class LoopTransport implements Transport {

    static final int IDLE = 0;
    static final int BUSY = 1;
    static final int CLOSED = 2;

    private final SocketChannel channel;
    private final EventLoop loop;
    private final long ioTimeoutNanos;
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private SelectionKey key;
    private volatile long deadline;
    /** When the sweep wakes a read bounded by the codec's deadline (0: none), which then returns 0. */
    private volatile long wakeAt;
    private volatile long idleDeadline;
    private volatile boolean servedOne;
    /** The virtual thread of the connection, once it waited. */
    private volatile Thread waiter;
    /** The readiness it waits for ({@link SelectionKey#OP_READ} or {@code OP_WRITE}), 0 while it runs. */
    private volatile int waitingFor;

    LoopTransport(SocketChannel nonBlocking, EventLoop loop, long ioTimeoutNanos) {
        this.channel = nonBlocking;
        this.loop = loop;
        this.ioTimeoutNanos = ioTimeoutNanos;
    }

    void register(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    /**
     * The connection now waits for a new request; its next read may last until {@code until}.
     *
     * @param until the deadline for the request's first bytes
     * @param keptAlive whether it already served a request (so it is an idle keep-alive connection)
     * @return false when the connection was closed meanwhile
     */
    boolean idle(long until, boolean keptAlive) {
        idleDeadline = until;
        servedOne = keptAlive;
        return state.compareAndSet(BUSY, IDLE);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        boolean idle = state.get() == IDLE;
        deadline = idle ? idleDeadline : System.nanoTime() + ioTimeoutNanos;
        try {
            if (idle && servedOne) {
                // a kept-alive client sends its next request after reading our answer: wait before trying
                await(SelectionKey.OP_READ);
            }
            int n;
            while ((n = channel.read(dst)) == 0) {
                await(SelectionKey.OP_READ);
            }
            if (idle && !state.compareAndSet(IDLE, BUSY)) {
                throw new ClosedChannelException();
            }
            return n;
        } finally {
            deadline = 0;
        }
    }

    @Override
    public int read(ByteBuffer dst, long until) throws IOException {
        long hard = System.nanoTime() + ioTimeoutNanos;
        // past the read timeout the socket is closed, as for any read; before it the codec decides
        boolean codecFirst = until - hard < 0;
        deadline = hard;
        wakeAt = codecFirst ? until : 0;
        try {
            int n;
            while ((n = channel.read(dst)) == 0) {
                if (codecFirst && System.nanoTime() - until >= 0) {
                    return 0;
                }
                await(SelectionKey.OP_READ);
            }
            return n;
        } finally {
            wakeAt = 0;
            deadline = 0;
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        deadline = System.nanoTime() + ioTimeoutNanos;
        try {
            while (src.hasRemaining()) {
                if (channel.write(src) == 0) {
                    await(SelectionKey.OP_WRITE);
                }
            }
        } finally {
            deadline = 0;
        }
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        deadline = System.nanoTime() + ioTimeoutNanos;
        try {
            long n;
            while ((n = file.transferTo(position, count, channel)) == 0 && count > 0 && position < file.size()) {
                await(SelectionKey.OP_WRITE);
            }
            return n;
        } finally {
            deadline = 0;
        }
    }

    /**
     * Ends the connection after its last answer: when its client may still be sending, shuts
     * the output down and reads and discards what the client sends, parked between reads,
     * until the client closes or the lingering close's bounds end it (the loop's sweep closes
     * the socket at its deadline). The caller closes the socket afterwards.
     *
     * @param unread whether the codec left the client's bytes unread
     * @param mayPipeline whether the client may have sent a next request (the socket is looked at)
     * @param log for a lingering close cut short
     */
    void linger(boolean unread, boolean mayPipeline, Log log) throws IOException {
        LingeringClose lingering = LingeringClose.begin(channel, unread, mayPipeline, log, System.nanoTime());
        if (lingering == null) {
            return;
        }
        try {
            do {
                deadline = lingering.deadline();
                await(SelectionKey.OP_READ);
            } while (!lingering.drain(System.nanoTime()) && !lingering.expired(System.nanoTime()));
        } catch (ClosedChannelException e) {
            // the sweep closed it at its deadline; this logs when that was the total bound
            lingering.expired(System.nanoTime());
        } finally {
            deadline = 0;
        }
    }

    /** Parks the calling (virtual) thread until the loop finds the socket ready for {@code op}, or it closes. */
    private void await(int op) throws IOException {
        waiter = Thread.currentThread();
        waitingFor = op;
        try {
            if (key.interestOps() != op) {
                key.interestOps(op);
                loop.interestChanged();
            }
            while (waitingFor != 0) {
                if (state.get() == CLOSED) {
                    throw new ClosedChannelException();
                }
                LockSupport.park(this);
            }
        } catch (CancelledKeyException e) {
            throw new ClosedChannelException();
        } finally {
            waitingFor = 0;
        }
        if (state.get() == CLOSED) {
            throw new ClosedChannelException();
        }
    }

    /**
     * On the loop: the selector found the socket ready. Wakes the thread when it waits for
     * that; otherwise (it is busy, and the client sent more or hung up) stops watching the
     * socket until the thread waits again, so a level-triggered selector does not report it
     * on every turn.
     */
    void ready(SelectionKey selected) {
        try {
            int op = waitingFor;
            if (op != 0 && (selected.readyOps() & op) != 0) {
                waitingFor = 0;
                LockSupport.unpark(waiter);
            } else if (op == 0) {
                selected.interestOps(0);
                // the thread may have begun to wait meanwhile (on another carrier) and seen the old interest
                int now = waitingFor;
                if (now != 0) {
                    selected.interestOps(now);
                }
            }
        } catch (CancelledKeyException e) {
            // closed meanwhile: its thread sees that itself
        }
    }

    /**
     * Closes the connection when it waits past its deadline, or, when {@code stopping},
     * when it is an idle keep-alive connection. A new connection is not closed unserved on
     * a stop (its client may be sending right now): its deadline shrinks to {@code stopGrace}.
     *
     * @return whether this call closed it
     */
    boolean expire(long now, boolean stopping, long stopGrace) {
        long wake = wakeAt;
        if (wake != 0 && now - wake >= 0 && waitingFor != 0) {
            // the read sees its deadline passed; a wake-up that comes late for it is harmless, as its callers loop
            waitingFor = 0;
            LockSupport.unpark(waiter);
        }
        boolean idle = state.get() == IDLE;
        if (stopping && idle && !servedOne) {
            long until = now + stopGrace;
            if (idleDeadline - until > 0) {
                idleDeadline = until;
                deadline = until;
            }
        }
        long d = deadline;
        boolean due = (stopping && idle && servedOne) || (d != 0 && now - d >= 0);
        if (!due) {
            return false;
        }
        if (idle && !state.compareAndSet(IDLE, CLOSED)) {
            return false;
        }
        close();
        return true;
    }

    /** Closes the socket and wakes its thread if it waits on it. */
    void close() {
        state.set(CLOSED);
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket the peer already reset: nothing left to do
        }
        Thread w = waiter;
        if (w != null && w != Thread.currentThread()) {
            LockSupport.unpark(w);
        }
    }
}
