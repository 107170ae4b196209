package dev.jgu.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** A transport over scripted input chunks that records everything written. */
final class MemoryTransport implements Transport {

    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    int reads;

    MemoryTransport(String... inputs) {
        for (String s : inputs) {
            chunks.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    MemoryTransport(byte[]... inputs) {
        for (byte[] b : inputs) {
            chunks.add(b);
        }
    }

    @Override
    public int read(ByteBuffer dst) {
        reads++;
        byte[] next = chunks.peek();
        if (next == null) {
            return -1;
        }
        int n = Math.min(next.length, dst.remaining());
        dst.put(next, 0, n);
        chunks.poll();
        if (n < next.length) {
            chunks.push(java.util.Arrays.copyOfRange(next, n, next.length));
        }
        return n;
    }

    /** Scripted input is all there at once: no read waits, so no deadline passes. */
    @Override
    public int read(ByteBuffer dst, long deadline) {
        return read(dst);
    }

    /** How many writes the connection made: each is a syscall on a socket. */
    int writes;

    @Override
    public void write(ByteBuffer src) {
        writes++;
        byte[] b = new byte[src.remaining()];
        src.get(b);
        written.writeBytes(b);
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(count, 4096));
        int n = file.read(b, position);
        if (n <= 0) {
            return 0;
        }
        b.flip();
        write(b);
        return n;
    }

    String output() {
        return written.toString(StandardCharsets.ISO_8859_1);
    }

    boolean inputLeft() {
        return !chunks.isEmpty();
    }
}
