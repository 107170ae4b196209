package dev.jgu.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a peer receives for bytes it sends on one TCP connection, read until the server
 * ends the connection: every status line, and how and when the connection ended. For the
 * hostile-client checks, which must see exactly one answer and then the server's close,
 * never a second response and never a close the client made itself.
 *
 * @param received everything the server sent, as ISO-8859-1
 * @param end how the connection ended
 * @param millis from the connect to the end
 */
record RawExchange(String received, End end, long millis) {

    /** How a connection ended: the server's FIN, its reset, or the client giving up at its deadline. */
    enum End { EOF, RESET, CLIENT_DEADLINE }

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    /**
     * Sends {@code request}, half-closes when {@code halfClose}, and reads until the server
     * ends the connection or {@code deadlineMillis} passes (then the client closes it and
     * says so in {@link #end()}).
     */
    static RawExchange run(String address, String request, boolean halfClose, long deadlineMillis) throws IOException {
        long start = System.nanoTime();
        long deadline = start + deadlineMillis * 1_000_000;
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        try (SocketChannel ch = SocketChannel.open(socketAddress(address)); Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteBuffer buf = ByteBuffer.allocate(16384);
            boolean shut = false;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return new RawExchange(in.toString(StandardCharsets.ISO_8859_1), End.CLIENT_DEADLINE, elapsed(start));
                }
                selector.select(left);
                selector.selectedKeys().clear();
                if (out.hasRemaining()) {
                    try {
                        ch.write(out);
                    } catch (IOException reset) {
                        // the server closed while the client was still sending: what it answered is still readable
                        out.position(out.limit());
                    }
                }
                if (!out.hasRemaining() && !shut) {
                    shut = true;
                    key.interestOps(SelectionKey.OP_READ);
                    if (halfClose) {
                        ch.shutdownOutput();
                    }
                }
                int n;
                try {
                    n = ch.read(buf.clear());
                } catch (IOException reset) {
                    return new RawExchange(in.toString(StandardCharsets.ISO_8859_1), End.RESET, elapsed(start));
                }
                if (n < 0) {
                    return new RawExchange(in.toString(StandardCharsets.ISO_8859_1), End.EOF, elapsed(start));
                }
                in.write(buf.array(), 0, n);
            }
        }
    }

    static InetSocketAddress socketAddress(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The status codes of the responses received, in order. */
    java.util.List<Integer> statuses() {
        java.util.List<Integer> codes = new java.util.ArrayList<>();
        Matcher m = STATUS_LINE.matcher(received);
        while (m.find()) {
            // anywhere, a body's included: the bodies the checks ask for never hold one, so each is a response
            codes.add(Integer.parseInt(m.group(1)));
        }
        return codes;
    }

    /** Whether the first response said {@code Connection: close}. */
    boolean saysClose() {
        return received.contains("\r\nConnection: close\r\n");
    }

    /** One line for a record or an assertion message. */
    String describe() {
        String shown = received.length() > 600 ? received.substring(0, 600) + "..." : received;
        return statuses() + " then " + end + " after " + millis + " ms; received: " + shown.replace("\r\n", "\\r\\n");
    }
}
