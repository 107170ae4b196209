package dev.jgu.workers.async;

import dev.jgu.http.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking channel read from a virtual thread, with deadlines. A blocking
 * {@link SocketChannel} has no read timeout (it ignores {@code SO_TIMEOUT}, and UNIX
 * channels have no socket adaptor), so each blocking call publishes its deadline and
 * the acceptor's sweep closes the channel once it passes, which wakes the parked
 * thread with an exception. The state tells an idle connection (waiting for the
 * first byte of a request: a graceful stop may close it) from a busy one (a stop lets
 * it finish).
 */
final class DeadlineTransport implements Transport {

    static final int IDLE = 0;
    static final int BUSY = 1;
    static final int CLOSED = 2;

    private final SocketChannel channel;
    private final long ioTimeoutNanos;
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private volatile long deadline;
    private volatile long idleDeadline;
    private volatile boolean servedOne;

    DeadlineTransport(SocketChannel blocking, long ioTimeoutNanos) {
        this.channel = blocking;
        this.ioTimeoutNanos = ioTimeoutNanos;
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
            int n = channel.read(dst);
            if (idle && n != 0 && !state.compareAndSet(IDLE, BUSY)) {
                throw new ClosedChannelException();
            }
            return n;
        } finally {
            deadline = 0;
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        deadline = System.nanoTime() + ioTimeoutNanos;
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } finally {
            deadline = 0;
        }
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        deadline = System.nanoTime() + ioTimeoutNanos;
        try {
            return file.transferTo(position, count, channel);
        } finally {
            deadline = 0;
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

    void close() {
        state.set(CLOSED);
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket the peer already reset: nothing left to do
        }
    }
}
