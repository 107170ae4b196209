package dev.jgu.http;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read side of a connection: one reused buffer, kept in read mode between fills.
 * It starts at {@link #INITIAL_CAPACITY}, which holds a typical request head, so that
 * an idle keep-alive connection costs little; once a read fills it (a body or a
 * pipelined burst is arriving) it grows to {@link #CAPACITY} for the connection's life.
 */
final class ConnectionInput {

    static final int INITIAL_CAPACITY = 2 * 1024;
    static final int CAPACITY = 16 * 1024;

    private final Transport transport;
    ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY).flip();

    ConnectionInput(Transport transport) {
        this.transport = transport;
    }

    /**
     * Reads more bytes after what is buffered, waiting as long as the transport allows.
     *
     * @return false at end of stream
     */
    boolean fill() throws IOException {
        prepare();
        try {
            int n;
            do {
                n = transport.read(buffer);
            } while (n == 0 && buffer.hasRemaining());
            return n > 0;
        } finally {
            buffer.flip();
        }
    }

    /**
     * Reads more bytes after what is buffered, waiting no later than {@code deadline}
     * (one already past takes only what has arrived).
     *
     * @return the count read, 0 when the deadline passed first, -1 at end of stream
     */
    int fill(long deadline) throws IOException {
        prepare();
        try {
            return transport.read(buffer, deadline);
        } finally {
            buffer.flip();
        }
    }

    /** Makes room after the buffered bytes, in write mode. */
    private void prepare() {
        if (buffer.remaining() == buffer.capacity()) {
            // Parser and decoder consume everything they are given, so a full buffer is a bug.
            throw new IllegalStateException("read buffer full of unconsumed input");
        }
        boolean lastReadFilledIt = buffer.limit() == buffer.capacity();
        buffer = lastReadFilledIt && buffer.capacity() < CAPACITY
                ? ByteBuffer.allocate(CAPACITY).put(buffer)
                : buffer.compact();
    }
}
