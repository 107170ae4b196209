package dev.jgu.http;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The read side of a connection: one reused buffer, kept in read mode between fills. */
final class ConnectionInput {

    static final int CAPACITY = 16 * 1024;

    private final Transport transport;
    final ByteBuffer buffer = ByteBuffer.allocate(CAPACITY).flip();

    ConnectionInput(Transport transport) {
        this.transport = transport;
    }

    /**
     * Reads more bytes after what is buffered.
     *
     * @return false at end of stream
     */
    boolean fill() throws IOException {
        if (buffer.remaining() == buffer.capacity()) {
            // Parser and decoder consume everything they are given, so a full buffer is a bug.
            throw new IllegalStateException("read buffer full of unconsumed input");
        }
        buffer.compact();
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
}
