package dev.jgu.workers.runtime;

import dev.jgu.spi.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lingering close over real sockets (loopback TCP and a UNIX socket): what a client still sending sees. */
@EnabledOnOs(OS.LINUX)
class LingeringCloseTest {

    private static final String RESPONSE =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\nConnection: close\r\n\r\nBad Request\n";
    /** What the codec reads of a request before it answers: its first buffer. */
    private static final int READ_BY_THE_CODEC = 2048;
    private static final int SENT = 200 * 1024;
    private static final long WAIT_MILLIS = 10_000;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Log log = new Log() {
        @Override
        public void debug(String message) {
            lines.add(message);
        }

        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void warn(String message) {
            lines.add(message);
        }

        @Override
        public void error(String message) {
            lines.add(message);
        }

        @Override
        public void error(String message, Throwable cause) {
            lines.add(message + " " + cause);
        }

        @Override
        public boolean debugEnabled() {
            return true;
        }
    };
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void closesAtOnceWhenNothingIsUnread() throws Exception {
        SocketChannel[] pair = connect(false);
        SocketChannel client = pair[0];
        SocketChannel server = pair[1];
        assertNull(LingeringClose.begin(server, false, true, log, System.nanoTime()));
        // the output is still open: nothing was shut down
        server.write(ByteBuffer.wrap("more".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("more", read(client, 4));
    }

    @Test
    void lingersOnBytesNobodyReadThatWaitInTheReceiveQueue() throws Exception {
        SocketChannel[] pair = connect(false);
        SocketChannel client = pair[0];
        SocketChannel server = pair[1];
        client.write(ByteBuffer.wrap("GET /next HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        awaitReadable(server);
        LingeringClose lingering = LingeringClose.begin(server, false, true, log, System.nanoTime());
        assertNotNull(lingering, "bytes wait in the receive queue");
        assertEquals(-1, client.read(ByteBuffer.allocate(16)), "the client sees EOF: the output was shut down");
        assertFalse(lingering.drain(System.nanoTime()));
        assertEquals("GET /next HTTP/1.1\r\n\r\n".length(), lingering.discarded());
        client.close();
        awaitReadable(server);
        assertTrue(lingering.drain(System.nanoTime()), "the client closed");
    }

    @Test
    void looksNoFurtherWhenTheClientSaidItsRequestWasTheLast() throws Exception {
        SocketChannel[] pair = connect(false);
        pair[0].write(ByteBuffer.wrap("x".getBytes(StandardCharsets.ISO_8859_1)));
        awaitReadable(pair[1]);
        assertNull(LingeringClose.begin(pair[1], false, false, log, System.nanoTime()));
        assertEquals(1, pair[1].read(ByteBuffer.allocate(16)), "the byte was not read");
    }

    @Test
    void closesAtOnceWhenTheClientHasClosedItsSide() throws Exception {
        SocketChannel[] pair = connect(false);
        pair[0].shutdownOutput();
        awaitReadable(pair[1]);
        assertNull(LingeringClose.begin(pair[1], false, true, log, System.nanoTime()));
        assertNull(LingeringClose.begin(pair[1], true, false, log, System.nanoTime()));
    }

    @ParameterizedTest(name = "unix={0}")
    @ValueSource(booleans = {false, true})
    void aClientStillSendingReadsTheWholeResponseThenACleanEof(boolean unix) throws Exception {
        SocketChannel[] pair = connect(unix);
        SocketChannel client = pair[0];
        SocketChannel server = pair[1];
        ByteBuffer request = request();
        int first = writeSome(client, request);
        answerAfterReadingTheFirstBuffer(server);
        LingeringClose lingering = LingeringClose.begin(server, true, false, log, System.nanoTime());
        assertNotNull(lingering);
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> drainUntilDone(server, lingering));
        // the client goes on sending after the answer: the server reads and drops it
        client.write(request);
        assertEquals(RESPONSE, read(client, RESPONSE.length()));
        assertEquals(-1, client.read(ByteBuffer.allocate(16)), "a clean EOF after the response");
        client.close();
        assertTrue(drained.get(WAIT_MILLIS, TimeUnit.MILLISECONDS), "the drain ends when the client closes");
        assertEquals(SENT + head().length() - READ_BY_THE_CODEC, lingering.discarded(), "first write " + first);
    }

    /** The premise: without lingering, the same client is reset instead of reading the response and EOF. */
    @ParameterizedTest(name = "unix={0}")
    @ValueSource(booleans = {false, true})
    void aPlainCloseResetsTheSameClient(boolean unix) throws Exception {
        SocketChannel[] pair = connect(unix);
        SocketChannel client = pair[0];
        SocketChannel server = pair[1];
        ByteBuffer request = request();
        writeSome(client, request);
        answerAfterReadingTheFirstBuffer(server);
        server.close();
        assertThrows(IOException.class, () -> {
            client.write(request);
            read(client, RESPONSE.length());
            if (client.read(ByteBuffer.allocate(16)) == -1) {
                throw new AssertionError("clean EOF: the kernel did not reset");
            }
        });
    }

    @Test
    void stopsDiscardingAtTheByteBound() throws Exception {
        SocketChannel[] pair = connect(false);
        SocketChannel client = pair[0];
        SocketChannel server = pair[1];
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            try {
                while (true) {
                    client.write(chunk.clear());
                }
            } catch (IOException expected) {
                // reset once the server gave up
            }
        });
        awaitReadable(server);
        LingeringClose lingering = LingeringClose.begin(server, true, false, log, System.nanoTime());
        assertNotNull(lingering);
        assertTrue(drainUntilDone(server, lingering), "the drain ends at the byte bound");
        assertTrue(lingering.discarded() >= LingeringClose.MAX_BYTES, "discarded " + lingering.discarded());
        assertTrue(lingering.discarded() < LingeringClose.MAX_BYTES + 256 * 1024, "discarded " + lingering.discarded());
        assertTrue(cutShort("bytes="), lines.toString());
        server.close();
        flood.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void theDeadlineFollowsTheLastBytesUpToTheTotalBound() throws Exception {
        SocketChannel[] pair = connect(false);
        SocketChannel client = pair[0];
        SocketChannel server = pair[1];
        long t0 = 1_000_000_000L;
        long read = LingeringClose.READ_TIMEOUT_NANOS;
        long total = LingeringClose.TIME_NANOS;
        LingeringClose lingering = LingeringClose.begin(server, true, false, log, t0);
        assertNotNull(lingering);
        assertEquals(t0 + read, lingering.deadline());
        assertFalse(lingering.expired(t0 + read - 1));
        long later = t0 + read - 1;
        client.write(ByteBuffer.wrap(new byte[100]));
        awaitReadable(server);
        assertFalse(lingering.drain(later));
        assertEquals(later + read, lingering.deadline(), "a read gives the client another read timeout");
        assertFalse(lingering.expired(t0 + read), "not silent for long: it sent at " + later);
        long nearTheEnd = t0 + total - 1;
        client.write(ByteBuffer.wrap(new byte[100]));
        awaitReadable(server);
        assertFalse(lingering.drain(nearTheEnd));
        assertEquals(t0 + total, lingering.deadline(), "never past the total bound");
        assertTrue(lines.isEmpty(), lines.toString());
        assertTrue(lingering.expired(t0 + total));
        assertTrue(cutShort("time="), lines.toString());
    }

    @Test
    void aSilentClientIsClosedWithoutALogLine() throws Exception {
        SocketChannel[] pair = connect(false);
        long t0 = 5_000_000_000L;
        LingeringClose lingering = LingeringClose.begin(pair[1], true, false, log, t0);
        assertNotNull(lingering);
        assertTrue(lingering.expired(t0 + LingeringClose.READ_TIMEOUT_NANOS));
        assertTrue(lines.isEmpty(), lines.toString());
    }

    private boolean cutShort(String bound) {
        return lines.stream().anyMatch(l -> l.startsWith("lingering close cut short: ") && l.contains(bound));
    }

    private static String head() {
        return "GET /\u0001 HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    private static ByteBuffer request() {
        byte[] head = head().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(head.length + SENT);
        b.put(head);
        while (b.hasRemaining()) {
            b.put((byte) 'x');
        }
        return b.flip();
    }

    /** Writes what the socket takes without blocking: more than the codec's first buffer. */
    private static int writeSome(SocketChannel client, ByteBuffer request) throws IOException {
        client.configureBlocking(false);
        int n = client.write(request);
        client.configureBlocking(true);
        assertTrue(n > READ_BY_THE_CODEC, "wrote " + n);
        return n;
    }

    /** As the codec does with a bad request: reads one buffer, answers, leaves the rest unread. */
    private static void answerAfterReadingTheFirstBuffer(SocketChannel server) throws IOException {
        ByteBuffer first = ByteBuffer.allocate(READ_BY_THE_CODEC);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (first.hasRemaining()) {
            if (server.read(first) == 0) {
                awaitReadable(server);
            }
            assertTrue(System.nanoTime() < deadline, "the request did not arrive");
        }
        ByteBuffer answer = ByteBuffer.wrap(RESPONSE.getBytes(StandardCharsets.ISO_8859_1));
        while (answer.hasRemaining()) {
            server.write(answer);
        }
    }

    /** What a worker's loop does: drain whenever readable, until told to close or the deadline passes. */
    private static boolean drainUntilDone(SocketChannel server, LingeringClose lingering) {
        try (Selector selector = Selector.open()) {
            server.register(selector, SelectionKey.OP_READ);
            while (true) {
                long now = System.nanoTime();
                if (lingering.drain(now)) {
                    return true;
                }
                if (lingering.expired(now)) {
                    return false;
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(lingering.deadline() - now)));
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitReadable(SocketChannel nonBlocking) throws IOException {
        try (Selector selector = Selector.open()) {
            nonBlocking.register(selector, SelectionKey.OP_READ);
            assertEquals(1, selector.select(WAIT_MILLIS), "not readable within " + WAIT_MILLIS + " ms");
        }
    }

    private static String read(SocketChannel blocking, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining() && blocking.read(buf) >= 0) {
            // until the length or EOF
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
    }

    /** @return a connected pair: the client (blocking) and the accepted side (non-blocking, as a worker's) */
    private SocketChannel[] connect(boolean unix) throws IOException {
        ServerSocketChannel listener;
        if (unix) {
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
        } else {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }
        open.add(listener);
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        open.add(client);
        SocketChannel server = listener.accept();
        open.add(server);
        server.configureBlocking(false);
        return new SocketChannel[] {client, server};
    }
}
