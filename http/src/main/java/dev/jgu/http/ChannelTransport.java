package dev.jgu.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link Transport}: a blocking {@link SocketChannel}. A read with a deadline
 * turns the channel non-blocking for its wait (a blocking channel cannot be selected, and
 * ignores {@code SO_TIMEOUT}) and waits on the thread's own selector.
 */
final class ChannelTransport implements Transport {

    private static final ThreadLocal<Selector> SELECTOR = ThreadLocal.withInitial(() -> {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    });

    private final SocketChannel channel;

    ChannelTransport(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int read(ByteBuffer dst, long deadline) throws IOException {
        synchronized (channel.blockingLock()) {
            channel.configureBlocking(false);
            try {
                int n = channel.read(dst);
                while (n == 0 && dst.hasRemaining()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return 0;
                    }
                    awaitReadable(left);
                    n = channel.read(dst);
                }
                return n;
            } finally {
                channel.configureBlocking(true);
            }
        }
    }

    private void awaitReadable(long nanos) throws IOException {
        Selector selector = SELECTOR.get();
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            selector.select(TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        } finally {
            key.cancel();
            // a cancelled key keeps the channel non-blocking-only until the selector lets go of it
            selector.selectNow();
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            channel.write(src);
        }
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        return file.transferTo(position, count, channel);
    }
}
