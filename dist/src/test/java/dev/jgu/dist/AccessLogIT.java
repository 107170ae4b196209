package dev.jgu.dist;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access log under load: logrotate's rename and USR1, several times while keep-alive
 * clients send requests with a target each of their own, then a graceful stop while they
 * still send. Counting the lines of every file against the answers: none lost, none doubled.
 */
class AccessLogIT {

    private static final Pattern TEXT_TARGET = Pattern.compile("\"GET (\\S+) HTTP/1\\.1\" 200 ");
    private static final ObjectMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final int WORKERS = 2;
    private static final int ROTATIONS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"sync, text", "gthread, json", "async, json"})
    void usr1RotationsUnderLoadAndAGracefulStopLoseAndDoubleNoLine(String workerClass, String format) throws Exception {
        Path access = dir.resolve("access.log");
        Path error = dir.resolve("error.log");
        List<String> args = new ArrayList<>(List.of("-k", workerClass, "-w", Integer.toString(WORKERS), "--threads", "4",
                "-b", "127.0.0.1:0", "--access-logfile", access.toString(), "--error-logfile", error.toString(),
                "--graceful-timeout", "20"));
        if (format.equals("json")) {
            args.addAll(List.of("--access-logformat", "json"));
        }
        args.add("dev.jgu.testapps.Probe");
        try (JguProcess jgu = JguProcess.start(dir, args)) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(WORKERS);
            List<Path> files = new ArrayList<>();
            UniqueLoad load = new UniqueLoad(address, 4);
            List<String> failuresBeforeStop;
            try {
                load.awaitAnswers(100, jgu.bounds.request());
                for (int r = 1; r <= ROTATIONS; r++) {
                    Path rotated = dir.resolve("access.log." + r);
                    Files.move(access, rotated);
                    files.add(rotated);
                    int reopened = JguProcess.count(RealProgram.read(error), "reopened log file");
                    jgu.signal("USR1");
                    // the arbiter and each worker say so once they switched
                    JguProcess.await(() -> JguProcess.count(RealProgram.read(error), "reopened log file") >= reopened + 1 + WORKERS,
                            jgu.bounds.react(), () -> "rotation " + files.size() + " reopened in:\n" + RealProgram.read(error));
                    load.awaitAnswers(100, jgu.bounds.request());
                }
                failuresBeforeStop = List.copyOf(load.failures);
                // still under load: the last lines are queued as the workers exit
                jgu.signal("TERM");
                assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            } finally {
                load.close();
            }
            files.add(access);
            Counts counts = countLines(files, format);
            assertEquals(List.of(), failuresBeforeStop, "requests failed before the stop");
            assertEquals(Map.of(), counts.doubled, "lines written twice");
            Set<String> unlogged = new TreeSet<>(load.answered);
            unlogged.removeAll(counts.targets.keySet());
            assertEquals(Set.of(), unlogged, "answered but in no access log (" + load.answered.size() + " answered)");
            Set<String> unsent = new TreeSet<>(counts.targets.keySet());
            unsent.removeAll(load.sent);
            assertEquals(Set.of(), unsent, "logged but never sent");
            for (int i = 0; i < files.size(); i++) {
                assertTrue(counts.perFile.get(i) > 0, files.get(i) + " got no line: the rotations were not under load " + counts.perFile);
            }
            // Logged but unanswered: the stop closed those keep-alive connections as the answer went out.
            assertTrue(counts.targets.size() - load.answered.size() <= load.clients, counts.targets.size() + " logged, "
                    + load.answered.size() + " answered");
        }
    }

    @Test
    void accessLogfileDashWritesToStdout() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "--access-logfile", "-",
                "--access-logformat", "%(m)s %(U)s %(q)s %(s)s %({x-test}i)s", "dev.jgu.testapps.Probe"))) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(1);
            try (HttpConnection conn = HttpConnection.open(address)) {
                HttpConnection.Response r = conn.exchange("GET /out%0Aline?a=%22 HTTP/1.1\r\nHost: t\r\nX-Test: tab\there\r\n\r\n", 10_000);
                assertEquals(200, r.status());
            }
            JguProcess.await(() -> jgu.out().contains("GET /out\\nline a=%22 200 tab\\there\n"), jgu.bounds.react(),
                    () -> "the access line on stdout:\n" + jgu.out());
            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        }
    }

    @Test
    void aGracefulStopWritesTheLinesQueuedBehindAStalledReader() throws Exception {
        Path fifo = dir.resolve("access.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        FifoReader reader = new FifoReader(fifo);
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--access-logfile", fifo.toString(),
                "--access-logformat", "json", "--graceful-timeout", "20", "dev.jgu.testapps.Probe"))) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(2);
            int requests = 1000;
            assertEquals(200, HttpProbe.get(address, "/q?n=0").status());
            JguProcess.await(() -> reader.lines() == 1, jgu.bounds.react(), () -> "the first line through the fifo");
            // The pipe holds 64 KiB: the rest of these lines wait in the workers' queues.
            reader.pause();
            for (int n = 1; n < requests; n++) {
                assertEquals(200, HttpProbe.get(address, "/q?n=" + n).status());
            }
            jgu.signal("TERM");
            jgu.awaitLog("access log: writing queued lines before exit", 1, jgu.bounds.stop());
            reader.resume();
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            reader.thread.join(jgu.bounds.stop().toMillis());
            Set<String> seen = new TreeSet<>();
            for (String line : reader.text().split("\n")) {
                JsonNode json = STRICT.readTree(line);
                assertTrue(seen.add(json.get("query").asText()), "written twice: " + line);
            }
            for (int n = 0; n < requests; n++) {
                assertTrue(seen.contains("n=" + n), "lost: /q?n=" + n + " (" + seen.size() + " lines)");
            }
            assertEquals(requests, seen.size());
        } finally {
            reader.thread.interrupt();
        }
    }

    /** Reads a fifo to its end, and stops reading (so the pipe fills) between {@link #pause} and {@link #resume}. */
    private static final class FifoReader {
        final Thread thread;
        private volatile java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(0);
        private final java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();

        FifoReader(Path fifo) {
            thread = Thread.ofPlatform().name("fifo-reader").daemon().start(() -> {
                byte[] buf = new byte[4096];
                try (java.io.InputStream in = Files.newInputStream(fifo)) {
                    while (true) {
                        hold.await();
                        int n = in.read(buf);
                        if (n < 0) {
                            return;
                        }
                        synchronized (read) {
                            read.write(buf, 0, n);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    synchronized (read) {
                        read.writeBytes(("reader failed: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            });
        }

        void pause() {
            hold = new java.util.concurrent.CountDownLatch(1);
        }

        void resume() {
            hold.countDown();
        }

        String text() {
            synchronized (read) {
                return read.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        long lines() {
            return text().chars().filter(c -> c == '\n').count();
        }
    }

    private static Counts countLines(List<Path> files, String format) throws IOException {
        Counts counts = new Counts();
        for (Path file : files) {
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                String target;
                if (format.equals("json")) {
                    JsonNode json = STRICT.readTree(line);
                    assertEquals(200, json.get("status").asInt(), line);
                    target = json.get("path").asText() + "?" + json.get("query").asText();
                } else {
                    Matcher m = TEXT_TARGET.matcher(line);
                    assertTrue(m.find(), "not an access line: " + line);
                    target = m.group(1);
                }
                if (counts.targets.merge(target, 1, Integer::sum) > 1) {
                    counts.doubled.put(target, counts.targets.get(target));
                }
                n++;
            }
            counts.perFile.add(n);
        }
        return counts;
    }

    /** What the access logs hold. */
    private static final class Counts {
        final Map<String, Integer> targets = new HashMap<>();
        final Map<String, Integer> doubled = new HashMap<>();
        final List<Integer> perFile = new ArrayList<>();
    }

    /** Keep-alive clients, each request with its own target, that keep sending until the server closes on them. */
    private static final class UniqueLoad implements AutoCloseable {

        final int clients;
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong answers = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();

        UniqueLoad(String address, int clients) {
            this.clients = clients;
            for (int c = 0; c < clients; c++) {
                int client = c;
                threads.add(Thread.ofPlatform().name("unique-load-" + c).daemon().start(() -> run(address, client)));
            }
        }

        private void run(String address, int client) {
            long n = 0;
            while (running.get()) {
                try (HttpConnection conn = HttpConnection.open(address)) {
                    while (running.get()) {
                        String target = "/u?c=" + client + "&n=" + n++;
                        sent.add(target);
                        HttpConnection.Response r = conn.exchange(HttpConnection.get(target), 30_000);
                        if (r.status() != 200) {
                            failures.add(target + ": " + r.status());
                            continue;
                        }
                        answered.add(target);
                        answers.incrementAndGet();
                        if (r.closes()) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // the graceful stop closes keep-alive connections and then the listener
                    if (!running.get()) {
                        return;
                    }
                    failures.add(e.toString());
                    if (failures.size() > 1000) {
                        return;
                    }
                }
            }
        }

        void awaitAnswers(long more, Duration bound) {
            long goal = answers.get() + more;
            JguProcess.await(() -> answers.get() >= goal, bound, () -> goal + " answers, have " + answers.get()
                    + " (failures " + failures + ")");
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
    }
}
