package dev.jgu.arbiter;

import java.io.IOException;
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

    private static final String LISTEN = "0A";

    private final Path proc;

    ListenQueues(Path proc) {
        this.proc = proc;
    }

    /** @return the queue length of each listener that is a TCP socket, by its fd; absent when not found */
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
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                parse(line, byInode, lengths);
            }
        }
        return lengths;
    }

    /** One row: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...}. */
    static void parse(String line, Map<Long, Integer> byInode, Map<Integer, Long> lengths) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !LISTEN.equals(f[3]) || !f[9].matches("[0-9]+")) {
            return;
        }
        Integer fd = byInode.get(Long.parseLong(f[9]));
        int colon = f[4].indexOf(':');
        if (fd != null && colon > 0) {
            lengths.put(fd, Long.parseLong(f[4].substring(colon + 1), 16));
        }
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
