package dev.jgu.workers.runtime;

import dev.jgu.spi.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The end of a served connection whose client may still be sending (nginx's
 * {@code lingering_close}, RFC 9112 §9.6's staged close). Linux answers the close of a
 * socket with unread bytes in its receive queue with a reset instead of a FIN (TCP and
 * UNIX sockets alike), and a client that gets the reset before it has read the response
 * loses the response to ECONNRESET. So the worker shuts its output down (the client reads
 * the whole response, then EOF), reads and discards what the client still sends, and
 * closes once the client has closed, or fell silent, or a bound is reached.
 *
 * <p>A connection lingers only when something is known to be unread: the codec says so
 * (an error was answered, a body was left unread, a next request is buffered), or, when
 * the client kept the connection alive, one non-blocking read finds bytes in the receive
 * queue. Any other close stays immediate.
 * Not thread-safe: one thread at a time drains it.
 */
public final class LingeringClose {

    /** The client may stay silent this long before the connection is closed (nginx's lingering_timeout is 5 s). */
    public static final long READ_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A connection lingers this long at most, however much the client sends (nginx's lingering_time is 30 s). */
    public static final long TIME_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A connection discards this much at most; past it, the client's bytes are not worth reading. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;
    /** The most one {@link #drain} reads, so that one fast client cannot hold a loop's turn. */
    private static final int BYTES_PER_DRAIN = 256 * 1024;
    private static final int SCRATCH_BYTES = 16 * 1024;

    private final SocketChannel channel;
    private final Log log;
    private final long startedAt;
    private final ByteBuffer scratch = ByteBuffer.allocate(SCRATCH_BYTES);
    private long quietUntil;
    private long discarded;

    private LingeringClose(SocketChannel channel, Log log, long now, long discarded) {
        this.channel = channel;
        this.log = log;
        this.startedAt = now;
        this.quietUntil = now + READ_TIMEOUT_NANOS;
        this.discarded = discarded;
    }

    /**
     * Decides how a served connection ends, after its last response was written.
     *
     * @param channel the connection, non-blocking
     * @param unread whether the codec left the client's bytes unread (an error response, an
     *     unread body, buffered input)
     * @param mayPipeline whether, with nothing known unread, the client may have sent a next
     *     request: one non-blocking read then looks in the receive queue
     * @param log for a lingering close cut short (debug)
     * @param now {@link System#nanoTime()}
     * @return null when the caller may close the channel at once; otherwise the output is shut
     *     down and the caller calls {@link #drain} whenever the channel is readable, until it
     *     or {@link #expired} says to close
     * @throws IOException when the socket failed (the caller closes it)
     */
    public static LingeringClose begin(SocketChannel channel, boolean unread, boolean mayPipeline, Log log, long now)
            throws IOException {
        long probed = 0;
        if (!unread) {
            if (!mayPipeline) {
                return null;
            }
            // As nginx looks at whether the socket is readable: data there is a request we will not read.
            probed = channel.read(ByteBuffer.allocate(1));
            if (probed <= 0) {
                return null;
            }
        }
        channel.shutdownOutput();
        LingeringClose lingering = new LingeringClose(channel, log, now, probed);
        return lingering.drain(now) ? null : lingering;
    }

    /**
     * Reads and discards what the client sent, without blocking.
     *
     * @param now {@link System#nanoTime()}
     * @return true when the caller may close the channel now: the client closed, or
     *     {@link #MAX_BYTES} were discarded
     * @throws IOException when the socket failed (the caller closes it)
     */
    public boolean drain(long now) throws IOException {
        long budget = BYTES_PER_DRAIN;
        while (budget > 0) {
            int n = channel.read(scratch.clear());
            if (n < 0) {
                return true;
            }
            if (n == 0) {
                return false;
            }
            discarded += n;
            budget -= n;
            quietUntil = now + READ_TIMEOUT_NANOS;
            if (discarded >= MAX_BYTES) {
                cutShort("bytes=" + discarded + " (>= " + MAX_BYTES + ")", now);
                return true;
            }
        }
        return false;
    }

    /** @return when the connection is to be closed if the client neither closes nor sends more */
    public long deadline() {
        return Math.min(quietUntil, startedAt + TIME_NANOS);
    }

    /**
     * @param now {@link System#nanoTime()}
     * @return whether the deadline passed, so the caller closes the channel
     */
    public boolean expired(long now) {
        if (now - deadline() < 0) {
            return false;
        }
        if (now - (startedAt + TIME_NANOS) >= 0) {
            cutShort("time=" + TimeUnit.NANOSECONDS.toMillis(now - startedAt) + "ms (>= "
                    + TimeUnit.NANOSECONDS.toMillis(TIME_NANOS) + "ms)", now);
        }
        return true;
    }

    /** @return the bytes discarded so far */
    public long discarded() {
        return discarded;
    }

    private void cutShort(String bound, long now) {
        if (log.debugEnabled()) {
            log.debug("lingering close cut short: peer=" + peer() + " " + bound + " discarded=" + discarded
                    + " lingered=" + TimeUnit.NANOSECONDS.toMillis(now - startedAt) + "ms");
        }
    }

    private String peer() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }
}
