package dev.jgu.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link Transport}: a blocking {@link SocketChannel}. A read with a deadline
 * turns the channel non-blocking for its wait (a blocking channel cannot be selected, and
 * ignores {@code SO_TIMEOUT}) and waits on the thread's own selector ({@link SelectorWait}).
 */
final class ChannelTransport implements Transport {

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
                    SelectorWait.ready(channel, SelectionKey.OP_READ, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
                    n = channel.read(dst);
                }
                return n;
            } finally {
                channel.configureBlocking(true);
            }
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
