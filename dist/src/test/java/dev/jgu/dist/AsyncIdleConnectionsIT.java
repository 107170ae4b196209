package dev.jgu.dist;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One {@code async} worker holds 10,000 idle keep-alive connections and still answers at once. */
class AsyncIdleConnectionsIT {

    static final int CONNECTIONS = 10_000;
    static final int BATCH = 500;
    static final String REQUEST = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
    static final String BODY = "Hello, world!\n";

    @TempDir
    Path dir;

    @Test
    void oneWorkerHoldsTenThousandIdleKeepAliveConnections() throws Exception {
        long fdLimit = openFilesLimit();
        Assumptions.assumeTrue(fdLimit > CONNECTIONS + 500,
                "needs an open-files limit above " + (CONNECTIONS + 500) + " (ulimit -Hn), have " + fdLimit);
        try (JguProcess jgu = JguProcess.start(dir, List.of("-k", "async", "-w", "1", "-b", "127.0.0.1:0",
                "--worker-connections", "11000", "--keep-alive", "300", "--backlog", "2048", "dev.jgu.examples.Hello"));
             Selector selector = Selector.open()) {
            String address = jgu.listeners(1).get(0);
            long worker = jgu.awaitWorkers(1).iterator().next();
            long rssBefore = rssKib(worker);
            InetSocketAddress target = socketAddress(address);
            List<SocketChannel> all = new ArrayList<>();
            Duration batchBound = jgu.bounds.request();
            try {
                for (int start = 0; start < CONNECTIONS; start += BATCH) {
                    List<SocketChannel> batch = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        SocketChannel ch = SocketChannel.open(target);
                        batch.add(ch);
                        all.add(ch);
                    }
                    exchange(selector, batch, batchBound);
                }
                long rssHeld = rssKib(worker);
                long fds;
                try (var entries = Files.list(Path.of("/proc/" + worker + "/fd"))) {
                    fds = entries.count();
                }
                assertTrue(fds > CONNECTIONS, "worker holds " + fds + " fds");
                // A new client is answered at once while 10,000 connections sit idle.
                long start = System.nanoTime();
                assertEquals(200, HttpProbe.get(address, "/").status());
                long freshMillis = (System.nanoTime() - start) / 1_000_000;
                // Every idle connection is still open and served again.
                for (int i = 0; i < all.size(); i += BATCH) {
                    exchange(selector, all.subList(i, Math.min(all.size(), i + BATCH)), batchBound);
                }
                System.out.printf("async worker %d: %d idle keep-alive connections, RSS %d MiB before, %d MiB holding them;"
                        + " a new request took %d ms%n", worker, all.size(), rssBefore / 1024, rssHeld / 1024, freshMillis);
                assertTrue(freshMillis < 2000, "a new request took " + freshMillis + " ms");
                // About 11 KiB each (a 2 KiB read buffer, parser and head buffers, the virtual thread, the socket);
                // 20 KiB leaves room for heap slack and fails if every connection keeps a 16 KiB buffer again.
                long perConnection = (rssHeld - rssBefore) / CONNECTIONS;
                assertTrue(perConnection < 20, "worker RSS grew by " + perConnection + " KiB per idle connection: "
                        + rssBefore / 1024 + " MiB before, " + rssHeld / 1024 + " MiB with " + CONNECTIONS + " connections");
                assertTrue(jgu.workerPids().contains(worker), "the worker survived");
            } finally {
                for (SocketChannel ch : all) {
                    ch.close();
                }
            }
        }
    }

    /** Sends one request on every channel and reads every response, within {@code bound}: a worker that answers none for its timeout is hung. */
    private static void exchange(Selector selector, List<SocketChannel> channels, Duration bound) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        List<StringBuilder> got = new ArrayList<>();
        for (SocketChannel ch : channels) {
            ch.configureBlocking(true);
            ch.write(ByteBuffer.wrap(REQUEST.getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            StringBuilder sb = new StringBuilder();
            got.add(sb);
            ch.register(selector, SelectionKey.OP_READ, sb);
        }
        int done = 0;
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (done < channels.size()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            assertTrue(left > 0, "responses: " + done + " of " + channels.size());
            selector.select(Math.min(left, 1000));
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                StringBuilder sb = (StringBuilder) key.attachment();
                buf.clear();
                int n = ch.read(buf);
                assertTrue(n >= 0, "server closed an idle keep-alive connection");
                sb.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                if (sb.toString().endsWith(BODY)) {
                    assertTrue(sb.toString().startsWith("HTTP/1.1 200 "), sb.toString());
                    key.cancel();
                    done++;
                }
            }
            selector.selectedKeys().clear();
        }
        selector.selectNow();
    }

    private static InetSocketAddress socketAddress(String address) {
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    /** The JVM raises its soft limit to the hard one; the worker JVM inherits the same hard limit. */
    private static long openFilesLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String hard = line.trim().split("\\s+")[4];
                return hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard);
            }
        }
        return 0;
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
