package dev.jgu.dist;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's slow clients, as an attacker sends them: for each worker class, one arbiter with
 * two workers and a short {@code header_timeout}, many connections that each send one header
 * line a second and never end their head, while an ordinary client keeps requesting.
 * {@code gthread} and {@code async} must answer the ordinary client throughout; every slow
 * connection must be answered 408 and ended by the server at about {@code header_timeout};
 * {@code sync}, which a slow client holds, must only be held that long per connection, and
 * serve again once the slow connections are cut.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowClientIT {

    private static final int HEADER_TIMEOUT = 3;
    /** The ordinary client's requests: each gets this long at most, as a request on a worker held by slow clients may wait. */
    private static final long ORDINARY_READ_MS = 120_000;

    @Test
    @Order(1)
    void gthreadAnswersOrdinaryClientsWhileSlowHeadsTrickle(@TempDir Path dir) throws Exception {
        concurrent(dir, "gthread");
    }

    @Test
    @Order(2)
    void asyncAnswersOrdinaryClientsWhileSlowHeadsTrickle(@TempDir Path dir) throws Exception {
        concurrent(dir, "async");
    }

    @Test
    @Order(3)
    void syncIsHeldAtMostHeaderTimeoutPerSlowConnection(@TempDir Path dir) throws Exception {
        int slow = ReliabilityRecord.size(6, 50);
        ReliabilityRecord record = new ReliabilityRecord("4-slow-sync", "Slow clients",
                slow + " connections sending one header line a second, never ending their head (sync, 2 workers, header_timeout="
                        + HEADER_TIMEOUT + "s)");
        try (JguProcess jgu = start(dir, "sync")) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(2);
            try (Ordinary ordinary = new Ordinary(address)) {
                ordinary.awaitAnswers(3, jgu.bounds.request().toMillis());
                long attackFrom = System.nanoTime();
                // two workers, each held header_timeout per slow connection, one after another
                long heldMs = TimeUnit.SECONDS.toMillis((long) HEADER_TIMEOUT * ((slow + 1) / 2));
                long boundMs = heldMs + TimeUnit.SECONDS.toMillis(HEADER_TIMEOUT) + Bounds.SLACK.toMillis();
                SlowClients attack = SlowClients.run(address, slow, boundMs);
                long cutMs = TimeUnit.NANOSECONDS.toMillis(attack.lastEnd - attackFrom);
                long answeredBefore = ordinary.answered();
                ordinary.awaitAnswers(answeredBefore + 3, jgu.bounds.request().toMillis());
                ordinary.stop();
                long stallMs = ordinary.longestGapMs();
                record.figure("ordinary client stalled (longest wait for an answer)", stallMs + " ms");
                record.figure("ordinary requests answered", ordinary.answered());
                record.figure("slow connections", slow);
                record.figure("ended by the server with 408", attack.answered408 + " of " + slow);
                record.figure("last slow connection cut after", cutMs + " ms");
                record.note("sync serves one connection at a time per worker: a slow client holds it; put a buffering proxy (nginx) in front");
                assertTrue(record.bound("every slow connection ended by the server", attack.endedByServer == slow),
                        attack.endedByServer + " of " + slow + " ended by the server; " + attack.problems);
                assertTrue(record.bound("each answered 408 Request Timeout before it ended", attack.answered408 == slow),
                        attack.answered408 + " of " + slow + " got a 408; " + attack.problems);
                assertTrue(record.bound("every slow connection cut within header_timeout x connections / workers + "
                        + HEADER_TIMEOUT + "s + slack (" + boundMs + " ms)", cutMs <= boundMs), cutMs + " ms");
                assertTrue(record.bound("the ordinary client stalled no longer than that bound (" + boundMs + " ms)",
                        stallMs <= boundMs), stallMs + " ms");
                assertTrue(record.bound("ordinary requests are answered again once the slow connections are cut",
                        ordinary.answered() >= answeredBefore + 3), ordinary.answered() + " answered");
                assertTrue(record.bound("no ordinary request failed", ordinary.failures.isEmpty()), ordinary.failures.toString());
            }
        } catch (AssertionError | Exception e) {
            record.failed(e.toString());
            throw e;
        } finally {
            record.write();
        }
    }

    private void concurrent(Path dir, String workerClass) throws Exception {
        int slow = ReliabilityRecord.size(50, 500);
        ReliabilityRecord record = new ReliabilityRecord("4-slow-" + workerClass, "Slow clients",
                slow + " connections sending one header line a second, never ending their head (" + workerClass
                        + ", 2 workers, header_timeout=" + HEADER_TIMEOUT + "s)");
        try (JguProcess jgu = start(dir, workerClass)) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(2);
            try (Ordinary ordinary = new Ordinary(address)) {
                ordinary.awaitAnswers(20, jgu.bounds.request().toMillis());
                ordinary.reset();
                long boundMs = TimeUnit.SECONDS.toMillis(HEADER_TIMEOUT + 2) + Bounds.SLACK.toMillis();
                SlowClients attack = SlowClients.run(address, slow, boundMs);
                ordinary.stop();
                long p99 = ordinary.percentileMs(99);
                long gap = ordinary.longestGapMs();
                record.figure("ordinary client p99 during the attack", p99 + " ms");
                record.figure("ordinary requests answered during the attack", ordinary.answered());
                record.figure("ordinary client's longest wait", gap + " ms");
                record.figure("slow connections", slow);
                record.figure("ended by the server with 408", attack.answered408 + " of " + slow);
                record.figure("slow connections ended after their first byte", String.format(Locale.ROOT, "%.1f-%.1f s",
                        attack.minLifeMs / 1000.0, attack.maxLifeMs / 1000.0));
                assertTrue(record.bound("every slow connection ended by the server", attack.endedByServer == slow),
                        attack.endedByServer + " of " + slow + " ended by the server; " + attack.problems);
                assertTrue(record.bound("each answered 408 Request Timeout before it ended", attack.answered408 == slow),
                        attack.answered408 + " of " + slow + " got a 408; " + attack.problems);
                assertTrue(record.bound("each ended between header_timeout and header_timeout + 2.5 s after its first byte",
                        attack.minLifeMs >= TimeUnit.SECONDS.toMillis(HEADER_TIMEOUT) - 100
                                && attack.maxLifeMs <= TimeUnit.SECONDS.toMillis(HEADER_TIMEOUT) + 2500),
                        attack.minLifeMs + ".." + attack.maxLifeMs + " ms");
                assertTrue(record.bound("the ordinary client was answered throughout (no wait over 1 s)", gap < 1000), gap + " ms");
                assertTrue(record.bound("ordinary client p99 under 250 ms", p99 < 250), p99 + " ms");
                assertTrue(record.bound("no ordinary request failed", ordinary.failures.isEmpty()), ordinary.failures.toString());
            }
        } catch (AssertionError | Exception e) {
            record.failed(e.toString());
            throw e;
        } finally {
            record.write();
        }
    }

    private static JguProcess start(Path dir, String workerClass) throws IOException {
        return JguProcess.start(dir, List.of("-k", workerClass, "-w", "2", "-b", "127.0.0.1:0", "--threads", "2",
                "--header-timeout", Integer.toString(HEADER_TIMEOUT), "--timeout", "30", "--keep-alive", "2",
                "--graceful-timeout", "5", "dev.jgu.testapps.Probe"));
    }

    /** One client in a loop: a request on a new connection, the next once it is answered. */
    private static final class Ordinary implements AutoCloseable {
        private final String address;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private volatile long lastAnswer = System.nanoTime();
        private volatile long longestGap;
        private final Thread thread;

        Ordinary(String address) {
            this.address = address;
            this.thread = new Thread(this::loop, "ordinary-client");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            int n = 0;
            while (running.get()) {
                long from = System.nanoTime();
                try {
                    String raw = HttpProbe.exchange(address, "GET /?n=" + n++ + " HTTP/1.1\r\nHost: ordinary\r\nConnection: close\r\n\r\n",
                            ORDINARY_READ_MS);
                    long now = System.nanoTime();
                    if (!raw.startsWith("HTTP/1.1 200 ")) {
                        failures.add("request " + n + ": " + raw.lines().findFirst().orElse("(nothing)"));
                        continue;
                    }
                    latencies.add(now - from);
                    longestGap = Math.max(longestGap, now - lastAnswer);
                    lastAnswer = now;
                } catch (IOException e) {
                    if (running.get()) {
                        failures.add("request " + n + ": " + e);
                    }
                }
            }
        }

        long answered() {
            return latencies.size();
        }

        void awaitAnswers(long count, long boundMs) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMs);
            while (answered() < count) {
                assertTrue(System.nanoTime() < deadline, "ordinary client: " + answered() + " of " + count
                        + " answers within " + boundMs + " ms; failures " + failures);
                Thread.sleep(20);
            }
        }

        /** Forgets what was measured so far (warm-up). */
        void reset() {
            latencies.clear();
            longestGap = 0;
            lastAnswer = System.nanoTime();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(ORDINARY_READ_MS);
            longestGap = Math.max(longestGap, System.nanoTime() - lastAnswer);
        }

        long percentileMs(int p) {
            List<Long> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            Collections.sort(sorted);
            assertTrue(!sorted.isEmpty(), "no ordinary request was answered");
            return TimeUnit.NANOSECONDS.toMillis(sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)));
        }

        long longestGapMs() {
            return TimeUnit.NANOSECONDS.toMillis(longestGap);
        }

        @Override
        public void close() {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The slowloris: connections that send a request line, then one header line a second, and
     * never the empty line; one thread drives them all. Each ends when the server closes it.
     */
    private static final class SlowClients {
        int endedByServer;
        int answered408;
        long minLifeMs = Long.MAX_VALUE;
        long maxLifeMs;
        long lastEnd;
        final List<String> problems = new ArrayList<>();

        private static final class Conn {
            final SocketChannel channel;
            final int id;
            final long firstByte;
            final StringBuilder got = new StringBuilder();
            int lines;
            boolean ended;

            Conn(SocketChannel channel, int id, long firstByte) {
                this.channel = channel;
                this.id = id;
                this.firstByte = firstByte;
            }
        }

        /** Runs the attack until the server has ended every connection or {@code boundMs} passed. */
        static SlowClients run(String address, int count, long boundMs) throws IOException {
            SlowClients result = new SlowClients();
            int colon = address.lastIndexOf(':');
            InetSocketAddress to = new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
            List<Conn> conns = new ArrayList<>();
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < count; i++) {
                    SocketChannel ch = SocketChannel.open(to);
                    ch.write(ByteBuffer.wrap(("GET /slow/" + i + " HTTP/1.1\r\nHost: slow\r\n").getBytes(StandardCharsets.ISO_8859_1)));
                    Conn conn = new Conn(ch, i, System.nanoTime());
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, conn);
                    conns.add(conn);
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMs);
                long nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                int open = count;
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (open > 0 && System.nanoTime() - deadline < 0) {
                    long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextLine - System.nanoTime()));
                    selector.select(wait);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Conn conn = (Conn) key.attachment();
                        buf.clear();
                        int n;
                        try {
                            n = conn.channel.read(buf);
                        } catch (IOException e) {
                            n = -1; // a reset after the server closed: ended all the same
                        }
                        if (n > 0) {
                            conn.got.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                        } else if (n < 0) {
                            result.ended(conn, System.nanoTime());
                            key.cancel();
                            conn.channel.close();
                            open--;
                        }
                    }
                    selector.selectedKeys().clear();
                    if (System.nanoTime() - nextLine >= 0) {
                        nextLine += TimeUnit.SECONDS.toNanos(1);
                        for (Conn conn : conns) {
                            if (!conn.ended) {
                                try {
                                    conn.channel.write(ByteBuffer.wrap(("X-Slow-" + conn.lines++ + ": still coming\r\n")
                                            .getBytes(StandardCharsets.ISO_8859_1)));
                                } catch (IOException e) {
                                    // the server closed it: the read side says so next
                                }
                            }
                        }
                    }
                }
                for (Conn conn : conns) {
                    if (!conn.ended) {
                        result.problems.add("slow connection " + conn.id + " still open after " + boundMs + " ms, got: " + conn.got);
                        conn.channel.close();
                    }
                }
            }
            return result;
        }

        private void ended(Conn conn, long at) {
            conn.ended = true;
            endedByServer++;
            lastEnd = Math.max(lastEnd, at);
            long life = TimeUnit.NANOSECONDS.toMillis(at - conn.firstByte);
            minLifeMs = Math.min(minLifeMs, life);
            maxLifeMs = Math.max(maxLifeMs, life);
            if (conn.got.toString().startsWith("HTTP/1.1 408 Request Timeout\r\n")
                    && conn.got.toString().toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n")) {
                answered408++;
            } else {
                problems.add("slow connection " + conn.id + " ended after " + life + " ms with: " + conn.got);
            }
        }
    }
}
