package dev.jgu.workers.sync;

import dev.jgu.http.SelectorWait;
import dev.jgu.http.Transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The transport of a connection served by a platform thread ({@code sync}, and a
 * {@code gthread} pool thread), with read and write timeouts; a read with the codec's
 * deadline waits until whichever comes first. The channel stays
 * non-blocking (a {@code gthread} connection is also registered with the worker's
 * poller between requests; a blocking channel ignores {@code SO_TIMEOUT} and a UNIX
 * channel has no socket adaptor at all); when a read or write would block, the thread
 * waits on its own selector with a deadline ({@link SelectorWait}).
 */
final class TimedTransport implements Transport {

    private final SocketChannel channel;
    private final long timeoutMillis;
    private final ClientIo io;

    TimedTransport(SocketChannel nonBlocking, long timeoutMillis) {
        this(nonBlocking, timeoutMillis, null);
    }

    /**
     * @param io told of each wait on the client, so a {@code gthread} worker tells a thread busy
     *           with its client (bounded by the timeout, or moving bytes) from a hung app; may be null
     */
    TimedTransport(SocketChannel nonBlocking, long timeoutMillis, ClientIo io) {
        this.channel = nonBlocking;
        this.timeoutMillis = timeoutMillis;
        this.io = io;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = channel.read(dst);
        while (n == 0 && dst.hasRemaining()) {
            await(SelectionKey.OP_READ, "read");
            n = channel.read(dst);
        }
        return n;
    }

    /** A deadline already past costs one read and no selector: the {@code gthread} poller looks at a head so. */
    @Override
    public int read(ByteBuffer dst, long deadline) throws IOException {
        int n = channel.read(dst);
        while (n == 0 && dst.hasRemaining()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return 0;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(left + 999_999);
            if (millis < timeoutMillis) {
                if (!ready(SelectionKey.OP_READ, millis)) {
                    checkOpen("read");
                }
            } else {
                await(SelectionKey.OP_READ, "read");
            }
            n = channel.read(dst);
        }
        return n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (channel.write(src) == 0) {
                await(SelectionKey.OP_WRITE, "write");
            }
        }
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        long sent = 0;
        while (sent < count) {
            long n = file.transferTo(position + sent, count - sent, channel);
            if (n == 0) {
                if (position + sent >= file.size()) {
                    break;
                }
                await(SelectionKey.OP_WRITE, "write");
            }
            sent += n;
        }
        return sent;
    }

    private void await(int op, String what) throws IOException {
        if (!ready(op, timeoutMillis)) {
            checkOpen(what);
            throw new SocketTimeoutException("client " + what + " timeout (" + timeoutMillis + "ms)");
        }
    }

    /** @return whether the channel became ready for {@code op} within {@code millis} */
    private boolean ready(int op, long millis) throws IOException {
        if (io == null) {
            return SelectorWait.ready(channel, op, millis);
        }
        io.waitBegins();
        boolean ready = false;
        try {
            ready = SelectorWait.ready(channel, op, millis);
            return ready;
        } finally {
            io.waitEnds(ready);
        }
    }

    private void checkOpen(String what) throws IOException {
        if (!channel.isOpen()) {
            throw new IOException("connection closed while waiting to " + what);
        }
    }
}
