package dev.jgu.dist;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A test's own NOTIFY_SOCKET: receives the sd_notify datagrams systemd would. */
final class NotifySocket implements AutoCloseable {

    final Path path;
    private final UnixDatagramChannel channel;
    private final List<String> seen = new ArrayList<>();

    NotifySocket(Path path) throws IOException {
        this.path = path;
        this.channel = UnixDatagramChannel.open();
        channel.bind(new UnixSocketAddress(path.toString()));
        channel.configureBlocking(false);
    }

    /** Waits for the next message containing {@code wanted}, skipping the others. */
    String await(String wanted, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (System.nanoTime() < deadline) {
            buf.clear();
            if (poll(buf)) {
                String message = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                seen.add(message);
                if (message.contains(wanted)) {
                    return message;
                }
            } else {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no " + wanted + " on NOTIFY_SOCKET within " + timeout + "; got " + seen);
    }

    /** jnr's non-blocking receive throws EAGAIN instead of returning null. */
    private boolean poll(ByteBuffer buf) throws IOException {
        try {
            return channel.receive(buf) != null || buf.position() > 0;
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
