package dev.jgu.workers.sync;

import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code gthread} poller reads request heads itself: a client whose head is incomplete
 * holds a socket, never one of the {@code threads}. Runs a real poller with one thread on a
 * loopback listener.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GthreadHeadReadingTest {

    private static final String REQUEST = "GET /hello HTTP/1.1\r\nHost: test\r\n\r\n";

    private final List<Socket> clients = new ArrayList<>();
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> bodyErrors = new CopyOnWriteArrayList<>();
    private PollerContext worker;

    @BeforeEach
    void start() throws IOException {
        // header_timeout 2 s; timeout 20 s: a thread held by a head would make the second client wait that long
        // body_timeout 1 s at 1000 B/s: a body that stops after 10 bytes fails its read about 1 s later
        worker = new PollerContext(Map.of(WorkerSettings.THREADS, 1, WorkerSettings.HEADER_TIMEOUT, 2,
                WorkerSettings.TIMEOUT, 20, WorkerSettings.KEEPALIVE, 10, WorkerSettings.GRACEFUL_TIMEOUT, 1,
                WorkerSettings.BODY_TIMEOUT, 1, WorkerSettings.BODY_MIN_RATE, 1000),
                req -> {
                    served.incrementAndGet();
                    if (req.uri().startsWith("/upload")) {
                        try {
                            req.body().readAllBytes();
                        } catch (IOException e) {
                            bodyErrors.add(e.getMessage());
                            throw e;
                        }
                    }
                    return Response.text(200, "hello " + req.uri());
                });
        worker.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : clients) {
            s.close();
        }
        worker.stop();
        assertTrue(worker.errors().isEmpty(), worker.errors().toString());
    }

    @Test
    void aClientWhoseHeadIsIncompleteDoesNotStopTheNextOneWithOneThread() throws Exception {
        Socket slow = connect();
        send(slow, "GET /slow HTTP/1.1\r\nHost: test\r\n");
        // the poller reads the partial head before the second client comes (this orders them; it bounds nothing)
        Thread.sleep(200);
        Socket quick = connect();
        quick.setSoTimeout(1500);
        send(quick, REQUEST);
        String answer = readResponse(quick);
        assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("hello /hello"), answer);

        send(slow, "X-Late: yes\r\n\r\n");
        slow.setSoTimeout(1500);
        String late = readResponse(slow);
        assertTrue(late.startsWith("HTTP/1.1 200 ") && late.endsWith("hello /slow"), "read across the poller's reads: " + late);
    }

    @Test
    void aHeadPastHeaderTimeoutIsAnswered408AndClosed() throws Exception {
        Socket slow = connect();
        long from = System.nanoTime();
        send(slow, "GET /slow HTTP/1.1\r\n");
        slow.setSoTimeout(5000);
        String all = readToEnd(slow);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
        assertTrue(all.startsWith("HTTP/1.1 408 Request Timeout\r\n") && all.contains("\r\nConnection: close\r\n"), all);
        assertTrue(millis >= 1900 && millis < 3500, "cut at header_timeout (2 s) plus a sweep, took " + millis + " ms");
        assertEquals(0, served.get(), "the app never saw it");
        assertTrue(worker.log.contains("status=408 error=RequestTimeout rule=header-timeout"), worker.log.lines.toString());
    }

    @Test
    void aKeptAliveConnectionsNextHeadArrivingInPartsIsServed() throws Exception {
        Socket client = connect();
        client.setSoTimeout(1500);
        send(client, REQUEST + "GET /second HTTP/1.1\r\n");
        String first = readResponse(client);
        assertTrue(first.endsWith("hello /hello"), first);
        send(client, "Host: test\r\n\r\n" + REQUEST);
        assertTrue(readResponse(client).endsWith("hello /second"));
        assertTrue(readResponse(client).endsWith("hello /hello"));
        assertEquals(3, served.get());
    }

    @Test
    void aBodyThatStopsFailsTheAppsReadAtItsDeadlineAndGets408() throws Exception {
        Socket client = connect();
        long from = System.nanoTime();
        send(client, "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\n0123456789");
        client.setSoTimeout(5000);
        String all = readToEnd(client);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
        assertTrue(all.startsWith("HTTP/1.1 408 Request Timeout\r\n"), all);
        assertEquals(1, bodyErrors.size(), bodyErrors.toString());
        assertTrue(bodyErrors.get(0).startsWith("RequestTimeout: body-timeout"), bodyErrors.toString());
        // 1 s, plus 10 ms for the 10 bytes at 1000 B/s
        assertTrue(millis >= 1000 && millis < 3000, "the wait for the body ended at its deadline, took " + millis + " ms");
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", worker.port()));
        clients.add(s);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int at = h.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(h.substring(at, h.indexOf("\r\n", at)));
        return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static String readToEnd(Socket s) throws IOException {
        try {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server never closed the connection", e);
        }
    }
}
