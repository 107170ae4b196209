package dev.jgu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsdTest {

    /** Generous: a datagram on loopback arrives in microseconds, but the machine is shared. */
    private static final long RECEIVE_MILLIS = 10_000;

    @TempDir
    Path dir;

    @Test
    void sendsARequestsMetricsOverUdp() throws IOException {
        try (DatagramChannel server = receiver(); Statsd statsd = Statsd.udp(target(server), new StatsdFormat("app", "env:test"))) {
            statsd.request(404, 3_250_000);
            assertEquals(Set.of("app.jgu.request.duration:3.250|ms|#env:test", "app.jgu.requests:1|c|#env:test",
                    "app.jgu.request.status.404:1|c|#env:test"), Set.copyOf(receive(server, 3).lines()));
        }
    }

    @Test
    void sumsEachCounterAndSendsEveryTimerValue() throws IOException {
        try (DatagramChannel server = receiver(); Statsd statsd = Statsd.udp(target(server), new StatsdFormat("", ""))) {
            int requests = 300;
            for (int i = 0; i < requests; i++) {
                statsd.request(i % 3 == 0 ? 500 : 200, 1_000_000L * (i + 1));
            }
            Received got = receive(server, 1, lines -> lines.stream().filter(l -> l.contains("duration")).count() == requests
                    && sum(lines, "jgu.requests:") == requests);
            Set<String> durations = Set.copyOf(got.lines().stream().filter(l -> l.contains("duration")).toList());
            long counted = sum(got.lines(), "jgu.requests:");
            long served = sum(got.lines(), "jgu.request.status.200:");
            long failed = sum(got.lines(), "jgu.request.status.500:");
            assertEquals(requests, counted);
            assertEquals(200, served);
            assertEquals(100, failed);
            assertEquals(requests, durations.size(), "every value of the timer, none summed");
            assertTrue(durations.contains("jgu.request.duration:300.000|ms"), durations::toString);
            assertTrue(got.datagrams() < requests, "lines share datagrams: " + got.datagrams());
        }
    }

    @Test
    void packsQueuedLinesIntoDatagramsThatFitTheLimit() throws IOException {
        try (DatagramChannel server = receiver(); Statsd statsd = Statsd.udp(target(server), new StatsdFormat("", ""))) {
            for (int i = 0; i < 400; i++) {
                statsd.gauge("jgu.test.gauge." + i, i);
            }
            Received got = receive(server, 400);
            for (int i = 0; i < 400; i++) {
                assertEquals("jgu.test.gauge." + i + ":" + i + "|g", got.lines().get(i));
            }
            assertTrue(got.largest() <= Statsd.UDP_PACKET, "largest datagram " + got.largest());
            assertTrue(got.datagrams() < 400, "lines share datagrams: " + got.datagrams());
        }
    }

    @Test
    void countsTheErrorLogsWarningsAndErrorsWhateverTheLevel() throws IOException {
        try (DatagramChannel server = receiver(); Statsd statsd = Statsd.udp(target(server), new StatsdFormat("", ""))) {
            ErrorLog log = new ErrorLog(dir.resolve("error.log").toString(), ErrorLog.Level.CRITICAL);
            log.listener(statsd::logged);
            log.debug("not counted");
            log.info("not counted");
            log.warn("w");
            log.error("e");
            log.error("x", new IllegalStateException("boom"));
            log.critical("c");
            assertEquals(Set.of("jgu.log.warning:1|c", "jgu.log.error:1|c", "jgu.log.exception:1|c", "jgu.log.critical:1|c"),
                    Set.copyOf(receive(server, 4).lines()));
            assertEquals(1, Files.readAllLines(dir.resolve("error.log")).size(), "only the critical line passes loglevel");
        }
    }

    @Test
    void dropsADatagramTheSocketHasNoRoomFor() throws Exception {
        CountDownLatch attempted = new CountDownLatch(1);
        WritableByteChannel full = new FakeChannel(() -> attempted.countDown(), 0);
        try (Statsd statsd = new Statsd(new StatsdFormat("", ""), full, "test", Statsd.UDP_PACKET)) {
            statsd.gauge("jgu.workers", 1);
            assertTrue(attempted.await(RECEIVE_MILLIS, TimeUnit.MILLISECONDS));
            awaitDropped(statsd, 1);
            assertEquals(0, statsd.sent());
        }
    }

    @Test
    void neverMakesTheCallerWaitForASenderThatIsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WritableByteChannel stuck = new FakeChannel(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 1);
        Statsd statsd = new Statsd(new StatsdFormat("", ""), stuck, "test", Statsd.UDP_PACKET);
        try {
            // The sender takes the first line and hangs in write; the queue fills, then lines are dropped.
            for (int i = 0; i < 40_000; i++) {
                statsd.timer("jgu.request.duration", i);
            }
            assertTrue(statsd.dropped() > 0, "lines past the queue's capacity are dropped, not waited for");
        } finally {
            release.countDown();
            statsd.close();
        }
    }

    private static void awaitDropped(Statsd statsd, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECEIVE_MILLIS);
        while (statsd.dropped() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, statsd.dropped());
    }

    private static DatagramChannel receiver() throws IOException {
        DatagramChannel server = DatagramChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    private static String target(DatagramChannel server) throws IOException {
        return "127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private record Received(List<String> lines, int datagrams, int largest) {
    }

    private static long sum(List<String> lines, String counter) {
        return lines.stream().filter(l -> l.startsWith(counter))
                .mapToLong(l -> Long.parseLong(l.substring(counter.length(), l.indexOf('|')))).sum();
    }

    /** Reads datagrams until {@code count} lines came, each bounded by {@link #RECEIVE_MILLIS}. */
    private static Received receive(DatagramChannel server, int count) throws IOException {
        return receive(server, count, lines -> true);
    }

    /** Reads datagrams until at least {@code count} lines came and {@code done} says so. */
    private static Received receive(DatagramChannel server, int count, java.util.function.Predicate<List<String>> done) throws IOException {
        server.configureBlocking(true);
        server.socket().setSoTimeout((int) RECEIVE_MILLIS);
        List<String> lines = new ArrayList<>();
        int datagrams = 0;
        int largest = 0;
        byte[] buffer = new byte[65_536];
        java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
        while (lines.size() < count || !done.test(lines)) {
            server.socket().receive(packet);
            datagrams++;
            largest = Math.max(largest, packet.getLength());
            lines.addAll(Arrays.asList(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8).split("\n")));
        }
        return new Received(lines, datagrams, largest);
    }

    /** A channel whose every write runs {@code onWrite} and then reports {@code result} bytes written. */
    private static final class FakeChannel implements WritableByteChannel {
        private final Runnable onWrite;
        private final int result;
        private volatile boolean open = true;

        FakeChannel(Runnable onWrite, int result) {
            this.onWrite = onWrite;
            this.result = result;
        }

        @Override
        public int write(ByteBuffer src) {
            onWrite.run();
            if (result > 0) {
                src.position(src.limit());
                return src.limit();
            }
            return 0;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
