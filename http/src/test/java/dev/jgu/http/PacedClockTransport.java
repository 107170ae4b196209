package dev.jgu.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * A client that sends scripted chunks, each a pause after the one before, on a fake clock:
 * a read "waits" by moving the clock on to the next chunk, so a test of the codec's deadlines
 * takes no real time. A read with a deadline before the next chunk moves the clock to the
 * deadline and returns 0, as a socket transport does.
 */
final class PacedClockTransport implements Transport {

    private record Chunk(long afterNanos, byte[] bytes) {
    }

    /** Starts far from 0, so that no test depends on a time of 0 meaning something. */
    long now = TimeUnit.HOURS.toNanos(1);
    /** When the last chunk arrived: the next one's pause counts from then, whatever the codec did meanwhile. */
    private long lastArrival = now;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    /** Nanoseconds the reads spent waiting. */
    long waited;

    /** Adds a chunk that arrives {@code afterMillis} after the one before it (the first: after the start). */
    PacedClockTransport then(long afterMillis, String bytes) {
        chunks.add(new Chunk(TimeUnit.MILLISECONDS.toNanos(afterMillis), bytes.getBytes(StandardCharsets.ISO_8859_1)));
        return this;
    }

    /** The same chunk {@code times} times, each {@code afterMillis} after the last. */
    PacedClockTransport repeat(int times, long afterMillis, String bytes) {
        for (int i = 0; i < times; i++) {
            then(afterMillis, bytes);
        }
        return this;
    }

    HttpConfig.Builder config() {
        return HttpConfig.builder().clock(() -> now);
    }

    /** The app computes: time passes without the codec waiting for the client. */
    void compute(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Override
    public int read(ByteBuffer dst) {
        return read(dst, Long.MAX_VALUE, false);
    }

    @Override
    public int read(ByteBuffer dst, long deadline) {
        return read(dst, deadline, true);
    }

    private int read(ByteBuffer dst, long deadline, boolean bounded) {
        Chunk next = chunks.peek();
        if (next == null) {
            return -1;
        }
        long arrives = lastArrival + next.afterNanos();
        if (arrives - now > 0) {
            if (bounded && deadline - arrives < 0) {
                long wait = Math.max(0, deadline - now);
                now += wait;
                waited += wait;
                return 0;
            }
            waited += arrives - now;
            now = arrives;
        }
        lastArrival = arrives;
        chunks.poll();
        int n = Math.min(next.bytes().length, dst.remaining());
        dst.put(next.bytes(), 0, n);
        if (n < next.bytes().length) {
            chunks.push(new Chunk(0, java.util.Arrays.copyOfRange(next.bytes(), n, next.bytes().length)));
        }
        return n;
    }

    @Override
    public void write(ByteBuffer src) {
        byte[] b = new byte[src.remaining()];
        src.get(b);
        written.writeBytes(b);
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) {
        throw new AssertionError("no file bodies here");
    }

    String output() {
        return written.toString(StandardCharsets.ISO_8859_1);
    }
}
