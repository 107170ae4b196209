package dev.jgu.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/** Blocking byte transport under one connection; a worker class may wrap it (timeouts, counters). */
public interface Transport {

    /**
     * Reads at least one byte unless at end of stream; blocks until then.
     *
     * @param dst where to put the bytes
     * @return the count read, or -1 at end of stream
     * @throws IOException on a socket error or timeout
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Reads as {@link #read(ByteBuffer)}, but waits for the client no later than
     * {@code deadline}: the codec's bound on a whole request head or on a body's progress,
     * on top of the transport's own bound on one read. A deadline already past reads what
     * has arrived without waiting.
     *
     * @param dst where to put the bytes
     * @param deadline the latest time to wait until, on the {@link System#nanoTime()} scale
     * @return the count read; 0 when the deadline passed with nothing read; -1 at end of stream
     * @throws IOException on a socket error, or when the transport's own timeout fires first
     */
    int read(ByteBuffer dst, long deadline) throws IOException;

    /**
     * Writes every remaining byte of {@code src}.
     *
     * @param src the bytes
     * @throws IOException on a socket error or timeout
     */
    void write(ByteBuffer src) throws IOException;

    /**
     * Sends part of a file, with sendfile where the platform allows.
     *
     * @param file the file
     * @param position where to start
     * @param count how many bytes at most
     * @return how many bytes were sent (may be fewer than {@code count}; 0 past end of file)
     * @throws IOException on a socket or file error
     */
    long transferFrom(FileChannel file, long position, long count) throws IOException;

    /**
     * @param blockingChannel a connected socket in blocking mode
     * @return a transport over it; closing the channel stays the caller's job
     */
    static Transport of(SocketChannel blockingChannel) {
        return new ChannelTransport(blockingChannel);
    }
}
