package dev.jgu.workers.sync;

import dev.jgu.http.Transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A transport with read and write timeouts for platform threads: the channel is
 * non-blocking and waits happen on a selector with a deadline. A blocking
 * {@link SocketChannel} ignores {@code SO_TIMEOUT}, and UNIX-domain channels have
 * no socket adaptor at all, so this is the one way that works for both.
 */
final class SelectorTransport implements Transport {

    private final SocketChannel channel;
    private final Selector selector;
    private final long timeoutMillis;
    private final SelectionKey key;

    SelectorTransport(SocketChannel channel, Selector selector, long timeoutMillis) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.timeoutMillis = timeoutMillis;
        channel.configureBlocking(false);
        this.key = channel.register(selector, 0);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = channel.read(dst);
        while (n == 0) {
            await(SelectionKey.OP_READ, "read");
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
        key.interestOps(op);
        selector.selectedKeys().clear();
        int ready = timeoutMillis > 0 ? selector.select(timeoutMillis) : selector.select();
        key.interestOps(0);
        if (ready == 0 && !key.isValid()) {
            throw new IOException("connection closed while waiting to " + what);
        }
        if (ready == 0) {
            throw new SocketTimeoutException("client " + what + " timeout (" + timeoutMillis + "ms)");
        }
    }

    /** Deregisters the channel so the selector can serve the next connection. */
    void release() throws IOException {
        key.cancel();
        selector.selectNow();
    }
}
