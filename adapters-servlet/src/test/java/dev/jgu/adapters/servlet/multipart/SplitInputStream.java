package dev.jgu.adapters.servlet.multipart;

import java.io.InputStream;
import java.util.Random;

/** Hands out its bytes in reads of at most a fixed or a random size, and counts what was read. */
final class SplitInputStream extends InputStream {

    private final byte[] bytes;
    private final Random random;
    private final int maxRead;
    private int position;

    private SplitInputStream(byte[] bytes, Random random, int maxRead) {
        this.bytes = bytes;
        this.random = random;
        this.maxRead = maxRead;
    }

    static SplitInputStream whole(byte[] bytes) {
        return new SplitInputStream(bytes, null, Integer.MAX_VALUE);
    }

    static SplitInputStream byteByByte(byte[] bytes) {
        return new SplitInputStream(bytes, null, 1);
    }

    static SplitInputStream chunksOf(byte[] bytes, int size) {
        return new SplitInputStream(bytes, null, size);
    }

    static SplitInputStream randomChunks(byte[] bytes, long seed) {
        return new SplitInputStream(bytes, new Random(seed), 100);
    }

    @Override
    public int read() {
        return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position == bytes.length) {
            return -1;
        }
        int most = random == null ? maxRead : 1 + random.nextInt(maxRead);
        int n = Math.min(Math.min(len, most), bytes.length - position);
        System.arraycopy(bytes, position, b, off, n);
        position += n;
        return n;
    }

    /** @return how many bytes were handed out */
    int consumed() {
        return position;
    }
}
