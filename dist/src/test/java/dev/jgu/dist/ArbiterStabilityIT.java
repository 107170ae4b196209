package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arbiter's resources stay put: after many requests on keep-alive connections, and after
 * many HUP reloads, its open fds and threads are those it had once its first workers were ready,
 * its RSS stays within a few MiB of that, no zombie or worker of an old generation is left, and
 * the worker tmp dir holds only the scoreboard and the serving generation's settings.
 */
class ArbiterStabilityIT {

    private static final int WORKERS = 2;
    private static final int CLIENTS = 4;
    /**
     * How much the arbiter's RSS may grow over each phase. Right after start it is a few MiB above
     * its idle size (the JVM gives freed malloc memory back within a second or two), so growth over
     * the reloads is measured from the idle arbiter after the requests: a leak of more than 160 KiB
     * per HUP fails it at full size (50 HUPs), of 1 MiB per HUP at the fast size (8).
     */
    private static final long RSS_GROWTH_KIB = 8 * 1024;

    @TempDir
    Path dir;

    @Test
    void fdsThreadsAndMemoryAreUnchangedAfterRequestsAndReloads() throws Exception {
        int requests = ReliabilityRecord.size(10_000, 100_000);
        int hups = ReliabilityRecord.size(8, 50);
        ReliabilityRecord record = new ReliabilityRecord("3-stability", "Resource stability",
                requests + " keep-alive requests, then " + hups + " HUP reloads: the arbiter's fds, threads, RSS");
        Path tmp = Files.createDirectory(dir.resolve("worker-tmp"));
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", Integer.toString(WORKERS), "-b", "127.0.0.1:0",
                "--worker-tmp-dir", tmp.toString(), "dev.jgu.testapps.Probe"))) {
            String address = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(WORKERS);
            Snapshot start = Snapshot.of(jgu.pid());
            record.figure("arbiter RSS after start / after requests / after HUPs", "");
            record.figure("start", start);

            long answered = requests(address, requests, jgu.bounds.request(), record);
            Snapshot afterRequests = settled(jgu, start, workers);
            record.figure("after " + answered + " requests", afterRequests);

            Set<Long> oldWorkers = new TreeSet<>(workers);
            for (int i = 1; i <= hups; i++) {
                int readyBefore = JguProcess.readyPids(jgu.log()).size();
                jgu.signal("HUP");
                JguProcess.await(() -> JguProcess.readyPids(jgu.log()).size() >= readyBefore + WORKERS, jgu.bounds.reload(),
                        () -> "the new generation's " + WORKERS + " ready lines after HUP:\n" + jgu.log());
                workers = jgu.awaitWorkers(WORKERS);
                oldWorkers.addAll(workers);
            }
            Snapshot afterHups = settled(jgu, start, workers);
            record.figure("after " + hups + " HUPs", afterHups);
            String headline = String.format("%.1f / %.1f / %.1f MiB", start.rssKib / 1024.0, afterRequests.rssKib / 1024.0,
                    afterHups.rssKib / 1024.0);
            record.figure("arbiter RSS after start / after requests / after HUPs", headline);

            check(record, "requests", start, start, afterRequests);
            check(record, "HUPs", start, afterRequests, afterHups);
            assertTrue(record.bound(answered + " of " + requests + " requests answered 200", answered == requests));

            oldWorkers.removeAll(workers);
            List<Long> leftOver = oldWorkers.stream().filter(JguProcess::running).toList();
            record.figure("workers of old generations", oldWorkers.size() + " spawned, " + leftOver.size() + " still running");
            assertTrue(record.bound("no worker of an old generation left running (" + leftOver + ")", leftOver.isEmpty()));
            Map<Long, Character> children = childStates(jgu.pid());
            assertTrue(record.bound("the arbiter's children are exactly its ready workers, none a zombie: " + children,
                    children.keySet().equals(workers) && !children.containsValue('Z')), children + " vs " + workers);

            List<String> files = files(tmp);
            int newest = hups + 1;
            List<String> expected = List.of("scoreboard", "settings-" + newest + ".properties");
            record.figure("worker tmp dir", files);
            assertTrue(record.bound("worker tmp dir holds only the run dir with " + expected, files.size() == expected.size() + 1
                    && files.stream().filter(f -> f.contains("/")).map(f -> f.substring(f.indexOf('/') + 1)).toList().equals(expected)),
                    files.toString());

            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            List<String> afterExit = files(tmp);
            assertTrue(record.bound("worker tmp dir empty after the arbiter's exit (" + afterExit + ")", afterExit.isEmpty()));
            record.note("the thread and fd sets are compared with numbers taken out: a worker's stderr relay is named"
                    + " after its worker number and its pipes get new inode numbers; the kinds and counts must match");
        } catch (Throwable t) {
            record.failed(String.valueOf(t));
            throw t;
        } finally {
            record.write();
        }
    }

    /** Asserts and records that {@code after} has the fds and threads of {@code start}, and RSS within the bound. */
    private static void check(ReliabilityRecord record, String phase, Snapshot start, Snapshot before, Snapshot after) {
        assertTrue(record.bound("after " + phase + ": fds " + after.fdCount() + " = " + start.fdCount() + " at start, same kinds",
                after.fds.equals(start.fds)), "fds at start " + start.fds + ", after " + phase + " " + after.fds);
        assertTrue(record.bound("after " + phase + ": threads " + after.threadCount() + " = " + start.threadCount()
                + " at start, same names", after.threads.equals(start.threads)),
                "threads at start " + start.threads + ", after " + phase + " " + after.threads);
        assertTrue(record.bound(String.format("after %s: RSS %.1f MiB <= %.1f MiB before them + %d MiB", phase, after.rssKib / 1024.0,
                before.rssKib / 1024.0, RSS_GROWTH_KIB / 1024), after.rssKib <= before.rssKib + RSS_GROWTH_KIB));
    }

    /**
     * The arbiter's snapshot once it has caught up: the old workers' stderr relays end when their pipes
     * close, a moment after the worker is reaped, so the counts get a loop turn's bound to return.
     */
    private static Snapshot settled(JguProcess jgu, Snapshot start, Set<Long> workers) throws InterruptedException {
        long deadline = System.nanoTime() + jgu.bounds.react().toNanos();
        Snapshot now = Snapshot.of(jgu.pid());
        while (!(now.fds.equals(start.fds) && now.threads.equals(start.threads) && JguProcess.children(jgu.pid()).equals(workers))
                && System.nanoTime() < deadline) {
            Thread.sleep(25);
            now = Snapshot.of(jgu.pid());
        }
        return now;
    }

    /** Sends {@code total} GETs over {@link #CLIENTS} keep-alive connections; returns how many were answered 200. */
    private static long requests(String address, int total, Duration bound, ReliabilityRecord record) throws Exception {
        AtomicLong left = new AtomicLong(total);
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long began = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(Thread.ofPlatform().name("stability-client-" + c).daemon().start(() -> {
                HttpConnection conn = null;
                while (left.getAndDecrement() > 0) {
                    try {
                        if (conn == null) {
                            conn = HttpConnection.open(address);
                        }
                        HttpConnection.Response r = conn.exchange(HttpConnection.get("/"), bound.toMillis());
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add("status " + r.status() + " from " + r.body().trim());
                        }
                        if (r.closes()) {
                            close(conn);
                            conn = null;
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.add(e.toString());
                        close(conn);
                        conn = null;
                    }
                }
                close(conn);
            }));
        }
        for (Thread t : clients) {
            t.join(bound.multipliedBy(Math.max(1, total / 1000)).toMillis());
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        record.figure("requests answered", ok.get() + " of " + total + String.format(" in %.1f s on %d keep-alive connections",
                seconds, CLIENTS));
        failures.stream().limit(10).forEach(f -> record.note("request failed: " + f));
        return ok.get();
    }

    private static void close(HttpConnection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (IOException | RuntimeException e) {
                // the connection is being given up either way
            }
        }
    }

    /** The arbiter's children (any state, zombies included) with their state letter. */
    private static Map<Long, Character> childStates(long arbiter) throws IOException {
        Map<Long, Character> children = new TreeMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(fields[1]) == arbiter) {
                    children.put(Long.parseLong(proc.getFileName().toString()), fields[0].charAt(0));
                }
            }
        }
        return children;
    }

    /** Every file under {@code base}, relative to it, sorted. */
    private static List<String> files(Path base) throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            return all.filter(p -> !p.equals(base)).map(p -> base.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * What the arbiter holds: its open fds by kind (what each links to, inode numbers taken out),
     * its threads by name (digits taken out), its RSS and PSS.
     */
    record Snapshot(Map<String, Integer> fds, Map<String, Integer> threads, long rssKib, long pssKib) {

        static Snapshot of(long pid) {
            try {
                Map<String, Integer> fds = new TreeMap<>();
                try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                    for (Path fd : list.toList()) {
                        try {
                            fds.merge(Files.readSymbolicLink(fd).toString().replaceAll("\\[\\d+]", "[]"), 1, Integer::sum);
                        } catch (IOException e) {
                            // closed between the listing and the read
                        }
                    }
                }
                Map<String, Integer> threads = new TreeMap<>();
                try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/task"))) {
                    for (Path task : list.toList()) {
                        try {
                            threads.merge(threadKind(Files.readString(task.resolve("comm")).strip()), 1, Integer::sum);
                        } catch (IOException e) {
                            // ended between the listing and the read
                        }
                    }
                }
                return new Snapshot(fds, threads, kib(Path.of("/proc/" + pid + "/status"), "VmRSS:"),
                        kib(Path.of("/proc/" + pid + "/smaps_rollup"), "Pss:"));
            } catch (IOException e) {
                throw new AssertionError("cannot read /proc/" + pid + ": " + e, e);
            }
        }

        /** A thread's name without its numbers; the kernel cuts names at 15 bytes (worker-12-stder). */
        private static String threadKind(String comm) {
            return comm.matches("worker-\\d+-s.*") ? "worker-N-stderr" : comm.replaceAll("\\d+", "N");
        }

        int fdCount() {
            return fds.values().stream().mapToInt(Integer::intValue).sum();
        }

        int threadCount() {
            return threads.values().stream().mapToInt(Integer::intValue).sum();
        }

        private static long kib(Path file, String field) throws IOException {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
            throw new AssertionError(field + " not in " + file);
        }

        @Override
        public String toString() {
            return String.format("RSS %.1f MiB, PSS %.1f MiB, %d fds, %d threads", rssKib / 1024.0, pssKib / 1024.0,
                    fdCount(), threadCount());
        }
    }
}
