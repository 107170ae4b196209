package dev.jgu.arbiter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The accept queue of the arbiter's listening TCP sockets, as Linux shows it in
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}: for a socket in LISTEN state the
 * {@code rx_queue} column is the number of connections waiting to be accepted
 * (the kernel's {@code sk_ack_backlog}). A listener is found by its socket inode
 * ({@code /proc/self/fd/N} links to {@code socket:[INODE]}), so two sockets on one
 * port are never confused. {@code /proc/net/unix} has no queue column: UNIX listeners
 * would need netlink {@code sock_diag}, native code jgu does without, so they are not
 * reported.
 */
final class ListenQueues {

    /** A scrape reads the tables into this buffer, grown as needed and kept: a busy host's table is MiBs, and the arbiter's young generation is 1 MiB. */
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    private final Path proc;

    ListenQueues(Path proc) {
        this.proc = proc;
    }

    /**
     * Called from one thread at a time (the metrics thread).
     *
     * @return the queue length of each listener that is a TCP socket, by its fd; absent when not found
     */
    Map<Integer, Long> lengths(List<Integer> fds) throws IOException {
        Map<Long, Integer> byInode = new HashMap<>();
        for (int fd : fds) {
            inode(fd).ifPresent(inode -> byInode.put(inode, fd));
        }
        Map<Integer, Long> lengths = new HashMap<>();
        if (byInode.isEmpty()) {
            return lengths;
        }
        for (String table : List.of("net/tcp", "net/tcp6")) {
            Path file = proc.resolve(table);
            if (Files.isReadable(file)) {
                parse(read(file), byInode, lengths);
            }
        }
        return lengths;
    }

    /** A /proc file reports size 0: read until EOF. */
    private ByteBuffer read(Path file) throws IOException {
        buffer.clear();
        try (FileChannel ch = FileChannel.open(file)) {
            while (ch.read(buffer) >= 0) {
                if (!buffer.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
                    buffer.flip();
                    bigger.put(buffer);
                    buffer = bigger;
                }
            }
        }
        buffer.flip();
        return buffer;
    }

    /**
     * The rows of one table ({@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when
     * retrnsmt uid timeout inode ...}), parsed in place: no string per row.
     */
    static void parse(ByteBuffer table, Map<Long, Integer> byInode, Map<Integer, Long> lengths) {
        byte[] b = table.array();
        int end = table.limit();
        int line = 0;
        while (line < end) {
            int eol = line;
            while (eol < end && b[eol] != '\n') {
                eol++;
            }
            row(b, line, eol, byInode, lengths);
            line = eol + 1;
        }
    }

    private static void row(byte[] b, int from, int to, Map<Long, Integer> byInode, Map<Integer, Long> lengths) {
        int field = 0;
        int i = from;
        int queues = -1;
        int queuesEnd = -1;
        while (i < to) {
            while (i < to && b[i] == ' ') {
                i++;
            }
            if (i >= to) {
                return;
            }
            int start = i;
            while (i < to && b[i] != ' ') {
                i++;
            }
            if (field == 3 && !(i - start == 2 && b[start] == '0' && b[start + 1] == 'A')) {
                return; // not LISTEN (0A), or the header row
            }
            if (field == 4) {
                queues = start;
                queuesEnd = i;
            }
            if (field == 9) {
                long inode = number(b, start, i, 10);
                Integer fd = inode < 0 ? null : byInode.get(inode);
                if (fd != null && queues >= 0) {
                    int colon = queues;
                    while (colon < queuesEnd && b[colon] != ':') {
                        colon++;
                    }
                    long rx = number(b, colon + 1, queuesEnd, 16);
                    if (rx >= 0) {
                        lengths.put(fd, rx);
                    }
                }
                return;
            }
            field++;
        }
    }

    /** The number in b[from, to) up to the first space, or -1 when it is not one. */
    private static long number(byte[] b, int from, int to, int radix) {
        long n = 0;
        int digits = 0;
        for (int i = from; i < Math.min(to, b.length) && b[i] != ' '; i++) {
            int d = Character.digit(b[i], radix);
            if (d < 0) {
                return -1;
            }
            n = n * radix + d;
            digits++;
        }
        return digits == 0 ? -1 : n;
    }

    private OptionalLong inode(int fd) {
        try {
            String target = Files.readSymbolicLink(proc.resolve("self/fd/" + fd)).toString();
            if (target.startsWith("socket:[") && target.endsWith("]")) {
                return OptionalLong.of(Long.parseLong(target.substring(8, target.length() - 1)));
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            // not on Linux, or the fd is gone: no figure for it
        }
        return OptionalLong.empty();
    }
}
