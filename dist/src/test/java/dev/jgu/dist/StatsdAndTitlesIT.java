package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of a running jgu from outside: the StatsD metrics it sends
 * (a test UDP or unix datagram socket receives and parses them) and the process
 * titles in ps, top and pgrep. Each scenario checks both on one running arbiter.
 */
class StatsdAndTitlesIT {

    private static final Pattern SPAWNED = Pattern.compile("spawned worker: worker=(\\d+) pid=(\\d+)");
    /** Every line jgu sends: NAME:VALUE|TYPE, then the tags when set. */
    private static final Pattern LINE = Pattern.compile("([a-z0-9_.]+):(-?[0-9.]+)\\|(c|g|ms|h)(\\|#.+)?");

    @TempDir
    Path dir;

    @Test
    void udpMetricsCountEveryRequestAndWorkersAreTitledWithProcName() throws Exception {
        String tags = "|#env:test,ci";
        try (StatsdReceiver statsd = StatsdReceiver.udp();
             JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--statsd-host", statsd.address(),
                     "--statsd-prefix", "app", "--dogstatsd-tags", "env:test,ci", "-n", "shop", "dev.jgu.examples.Hello"))) {
            String address = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(2);
            assertTitles(jgu, workers, "shop");
            statsd.await(l -> l.equals("app.jgu.workers:2|g" + tags), 1, jgu.bounds.react(), "the workers gauge");

            // The arbiter counts its own ERROR line about a worker it did not kill.
            long killed = workers.iterator().next();
            JguProcess.signal(killed, "KILL");
            jgu.awaitLog("worker killed", 1, jgu.bounds.react());
            statsd.await(l -> l.startsWith("app.jgu.log.error:") && l.endsWith("|c" + tags), 1, jgu.bounds.react(), "the arbiter's error counter");
            Set<Long> replaced = jgu.awaitWorkers(2);
            assertFalse(replaced.contains(killed));
            assertTitles(jgu, replaced, "shop");

            int ok = 20;
            for (int i = 0; i < ok; i++) {
                assertEquals(200, HttpProbe.get(address, "/").status());
            }
            HttpProbe.Reply refused = HttpProbe.send(address, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
            assertEquals(400, refused.status());

            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            statsd.awaitDrained(jgu.bounds.react());
            List<String> lines = statsd.lines();
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches() && tags.equals(m.group(4)) && m.group(1).startsWith("app.jgu."), "a StatsD line with prefix and tags: " + line);
            }
            assertEquals(ok + 1, counted(lines, "app.jgu.requests", tags), "requests counted once each: " + lines);
            assertEquals(ok, counted(lines, "app.jgu.request.status.200", tags), lines::toString);
            assertEquals(1, counted(lines, "app.jgu.request.status.400", tags), lines::toString);
            assertEquals(1, counted(lines, "app.jgu.log.error", tags), "the one ERROR line: " + lines);
            List<Double> millis = durations(lines, "app.");
            assertEquals(ok + 1, millis.size(), lines::toString);
            long bound = jgu.bounds.request().toMillis();
            assertTrue(millis.stream().allMatch(ms -> ms > 0 && ms < bound), "durations in (0, " + bound + ") ms: " + millis);
        }
    }

    @Test
    void unixDatagramMetricsAndTitlesNamedAfterTheApp() throws Exception {
        Path socket = dir.resolve("statsd.sock");
        try (StatsdReceiver statsd = StatsdReceiver.unix(socket);
             JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "--statsd-host", statsd.address(),
                     "dev.jgu.examples.Hello"))) {
            String address = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(1);
            assertTitles(jgu, workers, "dev.jgu.examples.Hello");
            statsd.await(l -> l.equals("jgu.workers:1|g"), 1, jgu.bounds.react(), "the workers gauge");
            int ok = 5;
            for (int i = 0; i < ok; i++) {
                assertEquals(200, HttpProbe.get(address, "/").status());
            }
            // Metrics go out while the worker serves, not only when it exits.
            JguProcess.await(() -> counted(statsd.lines(), "jgu.requests", "") == ok, jgu.bounds.react(),
                    () -> ok + " requests counted in " + statsd.lines());
            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            statsd.awaitDrained(jgu.bounds.react());
            List<String> lines = statsd.lines();
            assertEquals(ok, counted(lines, "jgu.requests", ""), lines::toString);
            assertEquals(ok, counted(lines, "jgu.request.status.200", ""), lines::toString);
            assertEquals(ok, durations(lines, "").size(), lines::toString);
            assertTrue(lines.stream().allMatch(l -> LINE.matcher(l).matches() && !l.contains("|#")), lines::toString);
        }
    }

    @Test
    void noProcTitleLeavesTheJavaCommandLine() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "--no-proc-title", "dev.jgu.examples.Hello"))) {
            jgu.listeners(1);
            long worker = jgu.awaitWorkers(1).iterator().next();
            assertTrue(cmdline(jgu.pid()).contains(" dev.jgu.arbiter.Main "), cmdline(jgu.pid()));
            assertTrue(cmdline(worker).contains(" dev.jgu.workers.runtime.WorkerMain "), cmdline(worker));
            assertEquals("java", comm(worker));
            assertFalse(pgrep("-f", "^jgu: ").contains(worker));
            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        }
    }

    /** The arbiter's and each worker's title, in cmdline and comm, and pgrep finding them by it. */
    private static void assertTitles(JguProcess jgu, Set<Long> workers, String name) throws Exception {
        assertEquals("jgu: arbiter [" + name + "]", cmdline(jgu.pid()));
        assertEquals("jgu: arbiter", comm(jgu.pid()));
        for (long worker : workers) {
            int number = workerNumber(jgu.log(), worker);
            assertEquals("jgu: worker " + number + " [" + name + "]", cmdline(worker));
            assertEquals("jgu: worker " + number, comm(worker));
        }
        assertTrue(pgrep("-f", "^jgu: worker [0-9]+ \\[" + ere(name) + "\\]$").containsAll(workers), "pgrep -f finds the workers");
        assertTrue(pgrep("-f", "^jgu: arbiter \\[" + ere(name) + "\\]$").contains(jgu.pid()), "pgrep -f finds the arbiter");
        assertTrue(pgrep("^jgu: worker").containsAll(workers), "plain pgrep (the task name) finds the workers");
    }

    /** {@code text} as a POSIX extended regular expression (pgrep's) matching only itself. */
    private static String ere(String text) {
        return text.replaceAll("([.\\[\\]()*+?{}|^$\\\\])", "\\\\$1");
    }

    private static int workerNumber(String log, long pid) {
        Matcher m = SPAWNED.matcher(log);
        while (m.find()) {
            if (Long.parseLong(m.group(2)) == pid) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no spawned line for pid " + pid + " in:\n" + log);
    }

    /** What ps -f shows: the arguments, NUL-separated, with the title's NUL padding dropped. */
    private static String cmdline(long pid) throws IOException {
        String raw = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
        return raw.replaceAll("\0+$", "").replace('\0', ' ');
    }

    private static String comm(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    }

    /** The pids pgrep prints; never used to signal anything. */
    private static Set<Long> pgrep(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("pgrep"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "pgrep ended");
        Set<Long> pids = new TreeSet<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    /** A counter's total: the client sums a counter between sends, as a StatsD server sums what it receives. */
    private static long counted(List<String> lines, String name, String tags) {
        Pattern counter = Pattern.compile(Pattern.quote(name + ":") + "([0-9]+)" + Pattern.quote("|c" + tags));
        long sum = 0;
        for (String line : lines) {
            Matcher m = counter.matcher(line);
            if (m.matches()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    private static List<Double> durations(List<String> lines, String prefix) {
        Pattern timer = Pattern.compile(Pattern.quote(prefix + "jgu.request.duration:") + "([0-9]+\\.[0-9]{3})\\|ms.*");
        List<Double> millis = new ArrayList<>();
        for (String line : lines) {
            Matcher m = timer.matcher(line);
            if (m.matches()) {
                millis.add(Double.parseDouble(m.group(1)));
            }
        }
        return millis;
    }
}
