package dev.jgu.workers.sync;

import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code gthread} worker heartbeats while it can take a request: a thread is free, or
 * requests are still answered. Once every thread has stayed on one request, it stops, so
 * the arbiter replaces it after {@code timeout} as it does a hung {@code sync} worker.
 * Runs a real poller with two threads on a loopback listener.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GthreadHeartbeatTest {

    /** The poller beats every 500 ms; this many ticks without one is a stopped heartbeat. */
    private static final long SILENT_MILLIS = 2_000;

    private final CountDownLatch release = new CountDownLatch(1);
    private final Semaphore hung = new Semaphore(0);
    private final Semaphore uploading = new Semaphore(0);
    private final List<Socket> clients = new ArrayList<>();
    private PollerContext worker;

    @BeforeEach
    void start() throws IOException {
        worker = new PollerContext(Map.of(WorkerSettings.THREADS, 2, WorkerSettings.TIMEOUT, 20,
                WorkerSettings.GRACEFUL_TIMEOUT, 1), req -> {
                    if (req.uri().startsWith("/upload")) {
                        uploading.release();
                        req.body().readAllBytes();
                    }
                    if (req.uri().startsWith("/hang")) {
                        hung.release();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return Response.text(200, "ok");
                });
        worker.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        for (Socket s : clients) {
            s.close();
        }
        worker.stop();
        assertTrue(worker.errors().isEmpty(), worker.errors().toString());
    }

    @Test
    void oneHungThreadOfTwoLeavesTheHeartbeatGoing() throws Exception {
        hang(1);
        awaitBeats(2);
    }

    @Test
    void everyThreadHungStopsTheHeartbeatUntilOneIsFreeAgain() throws Exception {
        awaitBeats(1);
        hang(2);
        // a beat may have been on its way as the second thread took its request
        awaitBeats(0);
        long before = worker.heartbeats.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SILENT_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            assertTrue(worker.heartbeats.get() <= before + 1, "heartbeats went on with every thread hung: "
                    + (worker.heartbeats.get() - before) + " in " + SILENT_MILLIS + " ms");
        }
        release.countDown();
        awaitBeats(2);
    }

    @Test
    void aSlowUploadOnEveryThreadIsProgressNotAHang() throws Exception {
        List<OutputStream> uploads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", worker.port()));
            clients.add(s);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload/" + i + " HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            uploads.add(out);
        }
        assertTrue(uploading.tryAcquire(2, 10, TimeUnit.SECONDS), "the app never read two bodies");
        // both threads wait on their clients' bytes: each chunk that comes is progress
        long before = worker.heartbeats.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SILENT_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            for (OutputStream out : uploads) {
                out.write(new byte[100]);
                out.flush();
            }
            Thread.sleep(100);
        }
        assertTrue(worker.heartbeats.get() >= before + 2, "no heartbeat while both threads received uploads: "
                + (worker.heartbeats.get() - before) + " in " + SILENT_MILLIS + " ms");
    }

    /** Sends {@code n} requests that hang, each on its own connection, and waits until the app holds them all. */
    private void hang(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", worker.port()));
            clients.add(s);
            OutputStream out = s.getOutputStream();
            out.write(("GET /hang/" + i + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        assertTrue(hung.tryAcquire(n, 10, TimeUnit.SECONDS), "the app never held " + n + " requests");
    }

    /** Waits (bounded) until {@code n} more heartbeats came. */
    private void awaitBeats(int n) throws InterruptedException {
        long from = worker.heartbeats.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (worker.heartbeats.get() < from + n) {
            assertTrue(System.nanoTime() - deadline < 0, "no " + n + " heartbeats in 10 s");
            Thread.sleep(50);
        }
        assertEquals(true, worker.heartbeats.get() >= from + n);
    }
}
