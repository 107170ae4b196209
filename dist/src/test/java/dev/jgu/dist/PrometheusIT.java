package dev.jgu.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Prometheus server (Debian's package), configured with the shipped
 * etc/prometheus/jgu.yml, scraping jgu's metrics endpoint once a second: what its
 * query API reports is checked against the requests this test sent, the workers it
 * kept busy and the workers it killed.
 */
class PrometheusIT {

    private static final String PROMETHEUS = "/usr/bin/prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    @Test
    void prometheusSeesExactRequestCountsBusyWorkersAndAKilledWorker() throws Exception {
        RealProgram.assumeInstalled("PrometheusIT", PROMETHEUS);
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--metrics-bind", "127.0.0.1:0",
                "dev.jgu.testapps.Probe"))) {
            String app = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(2);
            String metrics = MetricsScrape.address(jgu);
            String api = "http://127.0.0.1:" + freePort();
            Files.writeString(dir.resolve("prometheus.yml"), RealProgram.etcSample("prometheus/jgu.yml",
                    "scrape_interval: 15s", "scrape_interval: 1s",
                    "scrape_timeout: 10s", "scrape_timeout: 1s",
                    "\"127.0.0.1:9180\"", "\"" + metrics + "\""));
            try (RealProgram prometheus = RealProgram.start(dir, "prometheus", List.of(PROMETHEUS,
                    "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=" + api.substring("http://".length())), Map.of())) {
                Duration bound = Bounds.DEFAULTS.request();
                JguProcess.await(() -> targetUp(api), Bounds.DEFAULTS.boot(), () -> "the jgu target up in Prometheus; it said:\n" + prometheus.output());

                for (int i = 0; i < 17; i++) {
                    assertEquals(200, HttpProbe.get(app, "/").status());
                }
                HttpProbe.send(app, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
                awaitValue(api, "sum(jgu_requests_total{method=\"GET\",status=\"2xx\"})", 17, bound);
                assertEquals(1, value(api, "sum(jgu_requests_total{method=\"POST\"})"));
                assertEquals(18, value(api, "jgu_request_duration_seconds_count"));
                assertEquals(2, value(api, "jgu_workers{state=\"idle\"}"));

                // Two requests sleep in the app: a sync worker each, both busy.
                List<CompletableFuture<HttpProbe.Reply>> sleeping = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    sleeping.add(HttpProbe.getAsync(app, "/sleep?ms=60000", Duration.ofSeconds(90)));
                }
                jgu.awaitLog("probe: sleep begins", 2, bound);
                awaitValue(api, "jgu_workers{state=\"busy\"}", 2, bound);
                awaitValue(api, "jgu_requests_in_progress", 2, bound);

                // KILL both: their requests never finish, yet what they counted stays counted.
                for (long pid : workers) {
                    JguProcess.signal(pid, "KILL");
                }
                sleeping.forEach(f -> f.handle((reply, failure) -> null).join());
                awaitValue(api, "jgu_worker_exits_total{cause=\"crash\"}", 2, bound);
                jgu.awaitWorkers(2);
                assertEquals(17, value(api, "sum(jgu_requests_total{method=\"GET\",status=\"2xx\"})"),
                        "the killed workers' counts survive them");
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, HttpProbe.get(app, "/").status());
                }
                awaitValue(api, "sum(jgu_requests_total{method=\"GET\",status=\"2xx\"})", 22, bound);
                assertEquals(0, value(api, "resets(jgu_requests_total{method=\"GET\",status=\"2xx\"}[5m])"),
                        "a counter never went down");
                assertTrue(value(api, "process_resident_memory_bytes") > 0);
                assertEquals(0, value(api, "sum(jgu_worker_exits_total) - sum(jgu_worker_exits_total{cause=\"crash\"})"));
                dashboardQueriesAnswer(api);
            }
        }
    }

    /** Every query of the shipped Grafana dashboard, its variables filled in as Grafana would, parses and finds series. */
    private static void dashboardQueriesAnswer(String api) throws IOException {
        JsonNode dashboard = JSON.readTree(JguProcess.home().resolve("etc/grafana/jgu-dashboard.json").toFile());
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace("$job", "jgu").replace("$instance", ".*")
                        .replace("$__rate_interval", "1m");
                JsonNode r = get(api, "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
                assertTrue(r != null && "success".equals(r.path("status").asText()), panel.path("title") + ": " + expr + " -> " + r);
                assertTrue(r.path("data").path("result").size() > 0, panel.path("title") + ": no series for " + expr);
                queries++;
            }
        }
        assertTrue(queries >= 10, "the dashboard's queries: " + queries);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static JsonNode get(String api, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean targetUp(String api) {
        JsonNode targets = get(api, "/api/v1/targets");
        if (targets == null) {
            return false;
        }
        for (JsonNode t : targets.path("data").path("activeTargets")) {
            if ("up".equals(t.path("health").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The single value of an instant query, or NaN while it has none. */
    private static double value(String api, String query) {
        JsonNode r = get(api, "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        if (r == null || !"success".equals(r.path("status").asText())) {
            throw new AssertionError("query " + query + " failed: " + r);
        }
        JsonNode result = r.path("data").path("result");
        if (result.size() > 1) {
            throw new AssertionError("query " + query + " has " + result.size() + " series: " + result);
        }
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Waits until a scrape brought {@code expected}; a value past it fails at once (counts must be exact). */
    private static void awaitValue(String api, String query, double expected, Duration bound) {
        double[] last = {Double.NaN};
        JguProcess.await(() -> {
            last[0] = value(api, query);
            if (last[0] > expected) {
                throw new AssertionError(query + " = " + last[0] + ", more than " + expected);
            }
            return last[0] == expected;
        }, bound, () -> query + " = " + expected + " (last " + last[0] + ")");
    }
}
