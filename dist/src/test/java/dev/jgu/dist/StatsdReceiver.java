package dev.jgu.dist;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketOptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A StatsD server for the tests: a UDP socket on loopback (port 0) or a unix
 * datagram socket, whose every datagram is split into its newline-separated lines
 * and kept, by a reader thread, for the test to look at.
 */
final class StatsdReceiver implements AutoCloseable {

    /** How long the reader's receive waits before it looks whether it should stop. */
    private static final int RECEIVE_TIMEOUT_MS = 200;

    private final List<String> lines = new ArrayList<>();
    private final AutoCloseable socket;
    private final String address;
    private final Thread reader;
    private volatile boolean closed;
    /** Receives that found the socket empty for {@link #RECEIVE_TIMEOUT_MS}. */
    private volatile long emptyReceives;

    private interface Receive {
        int into(ByteBuffer buffer) throws IOException;
    }

    private StatsdReceiver(AutoCloseable socket, String address, Receive receive) {
        this.socket = socket;
        this.address = address;
        this.reader = Thread.ofPlatform().daemon().name("statsd-receiver").start(() -> read(receive));
    }

    /** A UDP receiver on 127.0.0.1, port 0. */
    static StatsdReceiver udp() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.socket().setSoTimeout(RECEIVE_TIMEOUT_MS);
        int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        return new StatsdReceiver(channel, "127.0.0.1:" + port, buffer -> {
            java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer.array(), buffer.capacity());
            try {
                channel.socket().receive(packet);
            } catch (java.net.SocketTimeoutException e) {
                return 0;
            }
            return packet.getLength();
        });
    }

    /** A unix datagram receiver bound at {@code path} (jnr-unixsocket: the JDK has no unix datagram channel). */
    static StatsdReceiver unix(Path path) throws IOException {
        UnixDatagramChannel channel = UnixDatagramChannel.open();
        channel.bind(new UnixSocketAddress(path.toFile()));
        channel.setOption(UnixSocketOptions.SO_RCVTIMEO, RECEIVE_TIMEOUT_MS);
        return new StatsdReceiver(channel, "unix:" + path, buffer -> {
            buffer.clear();
            try {
                channel.receive(buffer);
            } catch (IOException e) {
                // jnr reports SO_RCVTIMEO's EAGAIN as an IOException with strerror's text
                if (String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                    return 0;
                }
                throw e;
            }
            return buffer.position();
        });
    }

    /** @return what to give {@code --statsd-host} */
    String address() {
        return address;
    }

    private void read(Receive receive) {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (!closed) {
            try {
                int n = receive.into(buffer);
                if (n <= 0) {
                    emptyReceives++;
                } else {
                    String datagram = new String(buffer.array(), 0, n, StandardCharsets.UTF_8);
                    synchronized (lines) {
                        lines.addAll(List.of(datagram.split("\n")));
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    synchronized (lines) {
                        lines.add("!!! receive failed: " + e);
                    }
                }
                return;
            }
        }
    }

    /** @return every line received so far */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** @return the lines received so far that {@code match} */
    List<String> lines(Predicate<String> match) {
        return lines().stream().filter(match).toList();
    }

    /** Waits until {@code count} lines that {@code match} have come. */
    List<String> await(Predicate<String> match, int count, Duration bound, String what) {
        JguProcess.await(() -> lines(match).size() >= count, bound,
                () -> count + " StatsD lines of " + what + ", received " + lines());
        return lines(match);
    }

    /**
     * Waits until the reader has found the socket empty: for datagrams already sent (by
     * processes that have exited), it has read them all.
     */
    void awaitDrained(Duration bound) {
        long before = emptyReceives;
        JguProcess.await(() -> emptyReceives > before, bound, () -> "the StatsD socket to be read empty");
    }

    /** Stops the reader it has read what is already queued in the socket. */
    @Override
    public void close() throws Exception {
        closed = true;
        reader.join(Duration.ofSeconds(5));
        socket.close();
    }
}
