package dev.jgu.arbiter;

import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.Scoreboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint over real sockets, on a real scoreboard file, with the Prometheus client's writers. */
class MetricsEndpointTest {

    @TempDir
    Path dir;

    private Scoreboard board;
    private PoolCounters counters;
    private MetricsEndpoint endpoint;
    private ServerSocketChannel listener;
    private ErrorLog log;

    @BeforeEach
    void setUp() throws IOException {
        board = Scoreboard.create(dir.resolve("scoreboard"), 8);
        counters = new PoolCounters();
        listener = ServerSocketChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0), 7);
        log = new ErrorLog(dir.resolve("error.log").toString(), ErrorLog.Level.DEBUG);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (endpoint != null) {
            endpoint.close();
        }
        listener.close();
        board.close();
    }

    private MetricFamilies families() throws IOException {
        int fd = fdOf(listener);
        return new MetricFamilies(board, counters, List.of(new MetricFamilies.Listener("127.0.0.1:8000", fd)),
                new ListenQueues(Path.of("/proc")), new ProcessStats(Path.of("/proc")), 1_700_000_000.5);
    }

    /** The fd of a listening socket of this JVM, found the way an operator would: its port in /proc/net/tcp, its inode in /proc/self/fd. */
    private static int fdOf(ServerSocketChannel ch) throws IOException {
        int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        String inode = Files.readAllLines(Path.of("/proc/net/tcp")).stream().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length > 9 && f[3].equals("0A") && f[1].endsWith(String.format(":%04X", port)))
                .map(f -> f[9]).findFirst().orElseThrow();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals("socket:[" + inode + "]")) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException e) {
                    // the fd of the listing itself, closed by now
                }
            }
        }
        throw new AssertionError("no fd for socket inode " + inode);
    }

    private MetricsEndpoint open(String address) throws IOException {
        endpoint = MetricsEndpoint.open(address, 0, new Posix(), families()::collect, log);
        return endpoint;
    }

    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private String get(String request) throws IOException {
        String[] hostPort = endpoint.display().split(":");
        try (Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.setSoTimeout(20_000);
            return exchange(socket, request);
        }
    }

    @Test
    void servesTheTextFormatWithRequestsSummedOverSlotsAndWorkersByState() throws IOException {
        board.claim(0, 100, 1, 0);
        board.state(0, Scoreboard.State.READY);
        board.threads(0, 4);
        board.addBusy(0, 1);
        board.addConnections(0, 2);
        board.claim(1, 101, 2, 0);
        board.countResponse(0, "GET", 200, 3_000_000);
        board.countResponse(1, "GET", 200, 30_000_000);
        board.countResponse(2, "GET", 201, 2_000_000_000L); // a slot whose worker was reaped: still counted
        board.countResponse(1, "POST", 500, 1_000_000);
        counters.slotUsed(2);
        counters.exited(ExitCause.CRASH);
        counters.reloaded(PoolCounters.ReloadOutcome.SUCCEEDED);
        counters.target(2);
        open("127.0.0.1:0");
        String response = get("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"), response);
        assertTrue(response.contains("# TYPE jgu_requests_total counter"), response);
        assertTrue(response.contains("jgu_requests_total{method=\"GET\",status=\"2xx\"} 3.0"), response);
        assertTrue(response.contains("jgu_requests_total{method=\"POST\",status=\"5xx\"} 1.0"), response);
        assertTrue(response.contains("jgu_request_duration_seconds_bucket{le=\"0.005\"} 2"), response);
        assertTrue(response.contains("jgu_request_duration_seconds_bucket{le=\"0.05\"} 3"), response);
        assertTrue(response.contains("jgu_request_duration_seconds_bucket{le=\"+Inf\"} 4"), response);
        assertTrue(response.contains("jgu_request_duration_seconds_count 4"), response);
        assertTrue(response.contains("jgu_request_duration_seconds_sum 2.034"), response);
        assertTrue(response.contains("jgu_workers{state=\"busy\"} 1.0"), response);
        assertTrue(response.contains("jgu_workers{state=\"booting\"} 1.0"), response);
        assertTrue(response.contains("jgu_workers{state=\"idle\"} 0.0"), response);
        assertTrue(response.contains("jgu_worker_threads{state=\"busy\"} 1.0"), response);
        assertTrue(response.contains("jgu_worker_threads{state=\"idle\"} 3.0"), response);
        assertTrue(response.contains("jgu_requests_in_progress 1.0"), response);
        assertTrue(response.contains("jgu_connections 2.0"), response);
        assertTrue(response.contains("jgu_workers_target 2.0"), response);
        assertTrue(response.contains("jgu_worker_exits_total{cause=\"crash\"} 1.0"), response);
        assertTrue(response.contains("jgu_reloads_total{outcome=\"succeeded\"} 1.0"), response);
        assertTrue(response.contains("jgu_listen_queue_length{listener=\"127.0.0.1:8000\"} 0.0"), response);
        assertTrue(response.contains("process_open_fds "), response);
        assertTrue(response.contains("process_resident_memory_bytes "), response);
        assertTrue(response.contains("process_start_time_seconds 1.7000000005E9"), response);
    }

    @Test
    void theListenQueueCountsConnectionsNotYetAccepted() throws IOException {
        open("127.0.0.1:0");
        try (SocketChannel a = SocketChannel.open(listener.getLocalAddress()); SocketChannel b = SocketChannel.open(listener.getLocalAddress())) {
            String response = get("GET /metrics HTTP/1.0\r\n\r\n");
            assertTrue(response.contains("jgu_listen_queue_length{listener=\"127.0.0.1:8000\"} 2.0"), response);
        }
    }

    @Test
    void servesOpenMetricsWhenTheScraperAsks() throws IOException {
        open("127.0.0.1:0");
        String response = get("GET /metrics HTTP/1.1\r\nAccept: application/openmetrics-text;version=1.0.0,text/plain;q=0.5\r\n\r\n");
        assertTrue(response.contains("Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8"), response);
        assertTrue(response.contains("# TYPE jgu_requests counter"), response);
        assertTrue(response.contains("# UNIT jgu_request_duration_seconds seconds"), response);
        assertTrue(response.endsWith("# EOF\n"), response);
    }

    @Test
    void answersOtherPathsAndMethodsWithoutMetrics() throws IOException {
        open("127.0.0.1:0");
        assertTrue(get("GET /other HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404 "));
        String post = get("POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assertTrue(post.startsWith("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD"), post);
        assertTrue(get("garbage\r\n\r\n").startsWith("HTTP/1.1 400 "));
        assertTrue(get("GET / HTTP/1.1\r\n\r\n").contains("GET /metrics"));
        String head = get("HEAD /metrics HTTP/1.1\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 200 ") && !head.contains("jgu_requests"), head);
        String huge = get("GET /metrics HTTP/1.1\r\nX: " + "a".repeat(MetricsEndpoint.MAX_HEAD) + "\r\n\r\n");
        assertTrue(huge.startsWith("HTTP/1.1 431 "), huge);
    }

    @Test
    void aSilentClientDoesNotHoldUpAScrape() throws IOException {
        open("127.0.0.1:0");
        String[] hostPort = endpoint.display().split(":");
        try (Socket silent = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
             Socket halfway = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            halfway.getOutputStream().write("GET /metr".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(get("GET /metrics HTTP/1.1\r\n\r\n").contains("jgu_requests_total"));
            assertFalse(silent.isClosed());
        }
    }

    @Test
    void servesOnAUnixSocketAndRemovesItAtClose() throws IOException {
        Path socket = dir.resolve("metrics.sock");
        open("unix:" + socket);
        assertEquals("unix:" + socket, endpoint.display());
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /metrics HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            String response = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.contains("jgu_workers{state=\"idle\"}"), response);
        }
        endpoint.close();
        endpoint = null;
        assertFalse(Files.exists(socket));
    }

    @Test
    void aFailingCollectionIsA500AndTheEndpointServesOn() throws IOException {
        int[] calls = {0};
        endpoint = MetricsEndpoint.open("127.0.0.1:0", 0, new Posix(), () -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("scoreboard unreadable");
            }
            return io.prometheus.metrics.model.snapshots.MetricSnapshots.of();
        }, log);
        assertTrue(get("GET /metrics HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 500 "));
        assertTrue(get("GET /metrics HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200 "));
        assertTrue(Files.readString(dir.resolve("error.log")).contains("scoreboard unreadable"));
    }
}
