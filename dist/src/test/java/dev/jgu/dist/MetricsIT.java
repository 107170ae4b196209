package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics endpoint scraped directly, without Prometheus: gthread's busy and idle
 * threads on a UNIX-socket endpoint, OpenMetrics on request, and the errors a bad
 * {@code metrics_bind} gets.
 */
class MetricsIT {

    @TempDir
    Path dir;

    @Test
    void gthreadReportsBusyAndIdleThreadsOnAUnixSocketEndpoint() throws Exception {
        Path socket = dir.resolve("metrics.sock");
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-k", "gthread", "--threads", "4", "-b", "127.0.0.1:0",
                "--metrics-bind", "unix:" + socket, "dev.jgu.testapps.Probe"))) {
            String app = jgu.listeners(1).get(0);
            jgu.awaitWorkers(1);
            String metrics = MetricsScrape.address(jgu);
            assertEquals("unix:" + socket, metrics);
            Duration bound = Bounds.DEFAULTS.request();
            MetricsScrape.awaitSample(metrics, "jgu_worker_threads{state=\"idle\"}", 4, bound);

            List<CompletableFuture<HttpProbe.Reply>> sleeping = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sleeping.add(HttpProbe.getAsync(app, "/sleep?ms=60000", Duration.ofSeconds(90)));
            }
            jgu.awaitLog("probe: sleep begins", 3, bound);
            Map<String, Double> busy = MetricsScrape.scrape(metrics);
            assertEquals(3, busy.get("jgu_worker_threads{state=\"busy\"}"), busy.toString());
            assertEquals(1, busy.get("jgu_worker_threads{state=\"idle\"}"), busy.toString());
            assertEquals(3, busy.get("jgu_requests_in_progress"), busy.toString());
            assertEquals(1, busy.get("jgu_workers{state=\"busy\"}"), busy.toString());
            assertEquals(3, busy.get("jgu_connections"), busy.toString());
            assertEquals(0, busy.get("jgu_listen_queue_length{listener=\"" + app + "\"}"), busy.toString());
            assertTrue(busy.get("process_open_fds") > 0, busy.toString());

            HttpProbe.Reply open = HttpProbe.send(metrics, "GET /metrics HTTP/1.1\r\nHost: t\r\n"
                    + "Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5\r\n\r\n");
            assertTrue(open.head().contains("Content-Type: application/openmetrics-text; version=1.0.0"), open.head());
            assertTrue(open.body().contains("# UNIT jgu_request_duration_seconds seconds\n"), open.body());
            assertTrue(open.body().endsWith("# EOF\n"), open.body());
            assertEquals(404, HttpProbe.get(metrics, "/nothing").status());

            jgu.signal("KILL");
            jgu.awaitExit(Bounds.DEFAULTS.react());
            sleeping.forEach(f -> f.handle((reply, failure) -> null).join());
        }
    }

    @Test
    void aBadMetricsBindIsAClearErrorAndStopsTheStart() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("--metrics-bind", "localhost", "dev.jgu.testapps.Probe"))) {
            assertEquals(2, jgu.awaitExit(Bounds.DEFAULTS.boot()));
            assertTrue(jgu.err().contains("metrics_bind") && jgu.err().contains("a port is required"), jgu.err());
        }
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Path other = Files.createDirectories(dir.resolve("taken"));
            try (JguProcess jgu = JguProcess.start(other, List.of("-b", "127.0.0.1:0", "--metrics-bind", "127.0.0.1:" + taken.getLocalPort(),
                    "dev.jgu.testapps.Probe"))) {
                assertEquals(1, jgu.awaitExit(Bounds.DEFAULTS.boot()));
                assertTrue(jgu.log().contains("metrics_bind: bind 127.0.0.1:" + taken.getLocalPort()), jgu.log());
                assertFalse(jgu.log().contains("spawned worker"), jgu.log());
            }
        }
    }

    @Test
    void aReexecutedArbiterTakesTheMetricsAddressOnceTheOldOneIsGone() throws Exception {
        Path socket = dir.resolve("metrics.sock");
        try (JguProcess old = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "--metrics-bind", "unix:" + socket,
                "dev.jgu.testapps.Probe"))) {
            String app = old.listeners(1).get(0);
            old.awaitWorkers(1);
            String metrics = MetricsScrape.address(old);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, HttpProbe.get(app, "/").status());
            }
            Duration bound = Bounds.DEFAULTS.request();
            Map<String, Double> before = MetricsScrape.awaitSample(metrics, "jgu_requests_total{method=\"GET\",status=\"2xx\"}", 3, bound);

            old.signal("USR2");
            old.awaitLog("re-exec: started new arbiter pid=", 1, old.bounds.react());
            long fresh = RealProgram.pidAfter(old.log(), "re-exec: started new arbiter", "pid");
            old.awaitLog("holds it: bound once it is gone", 1, old.bounds.boot());
            JguProcess.awaitReadyChildren(fresh, 1, old::log, old.bounds.boot());
            old.seenWorkers();
            assertEquals(before.get("process_start_time_seconds"), MetricsScrape.scrape(metrics).get("process_start_time_seconds"),
                    "the old arbiter serves the metrics while it runs");

            old.signal("TERM");
            assertEquals(0, old.awaitExit(old.bounds.stop()), old.err());
            old.awaitLog("metrics endpoint: address=" + metrics, 2, old.bounds.react());
            Map<String, Double> after = MetricsScrape.scrape(metrics);
            assertTrue(after.get("process_start_time_seconds") > before.get("process_start_time_seconds"), after.toString());
            assertEquals(0, after.get("jgu_requests_total{method=\"GET\",status=\"2xx\"}"), "a new arbiter: a counter reset");
            JguProcess.signal(fresh, "TERM");
            JguProcess.await(() -> !JguProcess.running(fresh), old.bounds.stop(), () -> "the new arbiter to stop");
            assertFalse(Files.exists(socket), "the metrics socket removed at exit");
        }
    }
}
