package dev.jgu.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Faults under steady load" of the reliability suite, for one worker class: while
 * {@link AccountedLoad} clients keep requesting, workers are killed with KILL, reloads come
 * fast, TTIN/TTOU swing the worker count, an app hangs, an app exhausts its heap, and last
 * a USR2 hand-over ends with TERM of the old arbiter. One arbiter runs the scenarios in
 * order; each records its counts ({@code 1-faults-<scenario>-<class>}) and proves that
 * every request lost belongs to a fault the test caused, on the worker it hit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FaultsUnderLoadChecks {

    static final String GROUP = "Faults under steady load";
    static final int WORKERS = 2;
    static final int CLIENTS = 4;
    /** A gthread worker's threads. */
    static final int THREADS = 4;
    /** Short, so that the hang scenario is quick; a loaded machine's stall stays well under it. */
    static final int TIMEOUT = 6;
    static final int GRACEFUL = 5;
    /** Requests answered between faults: the load is steady, not just alive. */
    static final int BETWEEN = 20;
    /** Small, so that filling it takes a moment, and well above what the app needs. */
    static final String HEAP = "-Xmx64m";

    JguProcess jgu;
    String address;
    /** Which attempts a worker handled: a graceful retirement may lose none of those. */
    Path accessLog;
    private final Random random = new Random();

    /** @return the {@code -k} name under test */
    abstract String workerClass();

    /**
     * The scenarios the fast subset ({@code ./test}) runs for this class; the full suite runs all.
     * Each class runs the faults that hit its workers (kill -9, hang, heap), and the scenarios
     * the arbiter drives (HUPs, TTIN/TTOU, USR2) are spread over the classes.
     */
    abstract Set<String> fastScenarios();

    private void assumeInThisRun(String scenario) {
        org.junit.jupiter.api.Assumptions.assumeTrue(ReliabilityRecord.full() || fastScenarios().contains(scenario),
                () -> scenario + " for " + workerClass() + " runs in the full suite only (-D" + ReliabilityRecord.FULL_PROPERTY + "=true)");
    }

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        accessLog = dir.resolve("access.log");
        jgu = JguProcess.start(dir, List.of("--access-logfile", accessLog.toString(),"-k", workerClass(), "-w", Integer.toString(WORKERS), "-b", "127.0.0.1:0",
                "--threads", Integer.toString(THREADS), "--timeout", Integer.toString(TIMEOUT), "--graceful-timeout", Integer.toString(GRACEFUL),
                "--keep-alive", "5", "--jvm-opt", HEAP, "-p", dir.resolve("jgu.pid").toString(),
                "dev.jgu.testapps.Faults"));
        address = jgu.listeners(1).get(0);
        jgu.awaitWorkers(WORKERS);
    }

    @AfterAll
    void stop() {
        if (jgu != null) {
            jgu.close();
        }
    }

    /** One scenario's load, the faults it caused, and its record. */
    final class Scenario implements AutoCloseable {
        final AccountedLoad load = new AccountedLoad(address, "/", CLIENTS);
        final List<AccountedLoad.Fault> faults = new ArrayList<>();
        final ReliabilityRecord record;
        private final java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
        private boolean counted;

        Scenario(String id, String title) {
            record = new ReliabilityRecord("1-faults-" + id + "-" + workerClass(), GROUP, title + " (" + workerClass() + ")");
            load.awaitProgress(BETWEEN, jgu.bounds.request());
        }

        /** Sends KILL to {@code pid} and waits until it is gone; requests on it may be lost. */
        void kill(long pid, String what) throws Exception {
            long start = System.nanoTime();
            JguProcess.signal(pid, "KILL");
            awaitGone(pid, jgu.bounds.quickStop());
            faults.add(new AccountedLoad.Fault(what, pid, start, System.nanoTime(), true));
        }

        /** Waits until {@code pid} is gone after a fault that began at {@code start}; requests on it may be lost. */
        void lost(long pid, long start, Duration bound, String what) {
            awaitGone(pid, bound);
            faults.add(new AccountedLoad.Fault(what, pid, start, System.nanoTime(), true));
        }

        /**
         * Every worker seen in {@code before} but not in {@code after} retired gracefully since
         * {@code start}: it may cost only the idle keep-alive race, a request retried.
         */
        void retired(Set<Long> before, Set<Long> after, long start, String what) {
            for (long pid : before) {
                if (!after.contains(pid)) {
                    faults.add(new AccountedLoad.Fault(what, pid, start, System.nanoTime(), false));
                }
            }
        }

        /** A figure of this scenario's own, recorded after the counts every scenario has. */
        void figure(String name, Object value) {
            figures.put(name, value);
        }

        /** Stops the load, records its counts and accounting, and asserts that every loss is explained. */
        void finish() throws InterruptedException, IOException {
            load.close();
            // The access log is the witness of what a worker handled. A killed worker takes the
            // lines of answers it had not logged yet with it, at most one per connection. A live
            // one writes its lines off the request's thread, so an answer can reach the client a
            // moment before its line reaches the file: give the log a bounded while to catch up.
            long allowed = (long) faults.size() * CLIENTS;
            long deadline = System.nanoTime() + jgu.bounds.react().toNanos();
            String access = Files.readString(accessLog);
            while (load.answered() - load.handledIn(access).size() > allowed && System.nanoTime() < deadline) {
                Thread.sleep(25);
                access = Files.readString(accessLog);
            }
            Set<String> handled = load.handledIn(access);
            long unlogged = load.answered() - handled.size();
            assertTrue(unlogged <= allowed, handled.size() + " targets in " + accessLog + ", "
                    + load.answered() + " answered");
            AccountedLoad.Accounting accounting = load.account(faults, handled::contains);
            counted = true;
            record.figure("requests failed", load.failed() + " of " + load.sent())
                    .figure("requests answered", load.answered())
                    .figure("requests sent", load.sent())
                    .figure("attempts lost (retried on a new connection)", load.losses().stream().filter(AccountedLoad.Loss::retried).count())
                    .figure("faults caused", faults.size())
                    .figure("losses accounted to a fault", accounting.explained().size());
            figures.forEach(record::figure);
            accounting.explained().forEach(line -> record.note("allowed: " + line));
            accounting.unexplained().forEach(line -> record.note("unexplained: " + line));
            // A graceful retirement may cost the idle keep-alive race (the client's retry), never
            // the answer to a request the worker handled: a POST would be lost.
            record.figure("answers lost by a retiring worker (request handled, connection closed)",
                    accounting.answersLost().size());
            accounting.answersLost().forEach(line -> record.note("answer lost: " + line));
            boolean noAnswerLost = record.bound("a retiring worker closed no connection without the answer to a request it handled ("
                    + accounting.answersLost().size() + ")", accounting.answersLost().isEmpty());
            assertTrue(record.bound("0 requests lost outside the faults caused (" + accounting.unexplained().size() + ")",
                    accounting.unexplained().isEmpty()), "losses no fault explains: " + accounting.unexplained());
            assertTrue(noAnswerLost, "answers lost by a retiring worker: " + accounting.answersLost());
        }

        @Override
        public void close() throws InterruptedException {
            load.close();
            if (!counted) {
                record.figure("requests failed", load.failed() + " of " + load.sent());
                figures.forEach(record::figure);
            }
            record.write();
        }
    }

    private static void awaitGone(long pid, Duration bound) {
        JguProcess.await(() -> !JguProcess.running(pid), bound, () -> "worker " + pid + " to exit");
    }

    /** Waits until the arbiter has {@code n} ready workers, none of them one of {@code gone}. */
    private Set<Long> awaitReplaced(int n, Set<Long> gone) {
        Set<Long> now = jgu.awaitWorkers(n);
        assertTrue(now.stream().noneMatch(gone::contains), "replaced " + gone + ", have " + now);
        return now;
    }

    @Test
    @Order(1)
    void randomKillsOfWorkersLoseOnlyTheirInFlightRequests() throws Exception {
        assumeInThisRun("kill9");
        int kills = ReliabilityRecord.size(3, 20);
        try (Scenario s = new Scenario("kill9", kills + " random kill -9 of a worker under load")) {
            try {
                for (int i = 0; i < kills; i++) {
                    List<Long> workers = new ArrayList<>(jgu.awaitWorkers(WORKERS));
                    long victim = workers.get(random.nextInt(workers.size()));
                    s.kill(victim, "kill -9 #" + (i + 1));
                    awaitReplaced(WORKERS, Set.of(victim));
                    s.load.awaitProgress(BETWEEN, jgu.bounds.request());
                }
                s.finish();
            } catch (AssertionError | Exception e) {
                s.record.failed(e.toString());
                throw e;
            }
        }
    }

    @Test
    @Order(2)
    void hupsInQuickSuccessionLoseNoRequest() throws Exception {
        assumeInThisRun("hup");
        int hups = ReliabilityRecord.size(2, 10);
        try (Scenario s = new Scenario("hup", hups + " HUPs in " + hups + " s under load")) {
            try {
                Set<Long> before = jgu.awaitWorkers(WORKERS);
                Set<Long> seen = new HashSet<>(before);
                int completesBefore = JguProcess.count(jgu.log(), "reload complete");
                long start = System.nanoTime();
                for (int i = 0; i < hups; i++) {
                    long at = start + i * 1_000_000_000L;
                    JguProcess.await(() -> {
                        seen.addAll(jgu.workerPids());
                        return System.nanoTime() >= at;
                    }, Duration.ofSeconds(2), () -> "the next HUP's second");
                    jgu.signal("HUP");
                }
                JguProcess.await(() -> {
                    seen.addAll(jgu.workerPids());
                    return JguProcess.count(jgu.log(), "reload complete") > completesBefore
                            && jgu.workerPids().stream().noneMatch(before::contains);
                }, jgu.bounds.reload().multipliedBy(hups), () -> "the reloads to end, log:\n" + jgu.log());
                Set<Long> after = jgu.awaitWorkers(WORKERS);
                s.load.servedByNext(BETWEEN, jgu.bounds.request());
                s.retired(seen, after, start, "retired by HUP");
                s.figure("HUPs sent", hups);
                s.figure("reload complete lines", JguProcess.count(jgu.log(), "reload complete") - completesBefore);
                s.finish();
                assertTrue(s.record.bound("0 requests failed (" + s.load.failed() + ")", s.load.failed() == 0));
            } catch (AssertionError | Exception e) {
                s.record.failed(e.toString());
                throw e;
            }
        }
    }

    @Test
    @Order(3)
    void ttinAndTtouSwingTheWorkersWithoutLosingARequest() throws Exception {
        assumeInThisRun("ttin-ttou");
        int high = ReliabilityRecord.size(4, 6);
        int swings = ReliabilityRecord.size(1, 3);
        try (Scenario s = new Scenario("ttin-ttou", swings + " swings of TTIN/TTOU between 1 and " + high + " workers under load")) {
            try {
                Set<Long> seen = new HashSet<>(jgu.awaitWorkers(WORKERS));
                long start = System.nanoTime();
                int count = WORKERS;
                for (int swing = 0; swing < swings; swing++) {
                    count = resize(count, 1, seen);
                    count = resize(count, high, seen);
                    s.load.awaitProgress(BETWEEN, jgu.bounds.request());
                }
                count = resize(count, WORKERS, seen);
                Set<Long> after = jgu.awaitWorkers(WORKERS);
                s.retired(seen, after, start, "retired by TTOU");
                s.figure("worker counts", "1 to " + high + ", " + swings + " times");
                s.finish();
                assertTrue(s.record.bound("0 requests failed (" + s.load.failed() + ")", s.load.failed() == 0));
            } catch (AssertionError | Exception e) {
                s.record.failed(e.toString());
                throw e;
            }
        }
    }

    /**
     * Moves the worker count from {@code from} to {@code to}, one signal at a time: the kernel
     * keeps one pending signal of a kind, so TTOUs sent back to back can arrive as fewer (a
     * full run once stayed at 5 workers of a swing to 1). Each waits for the arbiter's new target.
     */
    private int resize(int from, int to, Set<Long> seen) throws Exception {
        String signal = to > from ? "TTIN" : "TTOU";
        for (int i = from; i != to; i += Integer.signum(to - from)) {
            String line = "workers: target " + i + " -> " + (i + Integer.signum(to - from)) + " (" + signal + ")";
            int before = JguProcess.count(jgu.log(), line);
            jgu.signal(signal);
            jgu.awaitLog(line, before + 1, jgu.bounds.react());
        }
        seen.addAll(jgu.awaitWorkers(to));
        return to;
    }

    /**
     * How many hung requests stop a worker of this class from heartbeating, so that
     * {@code timeout} replaces it: its one thread under sync, its one event loop's carrier
     * under async (a computation that never yields), every one of its threads under gthread.
     */
    abstract int hangsThatStopTheHeartbeat();

    /** The target that hangs this class's worker: a blocking wait, or for async a computation that never yields. */
    String hangTarget() {
        return "/hang";
    }

    @Test
    @Order(4)
    void aHungAppIsHandledWhileTheOtherWorkersServe() throws Exception {
        assumeInThisRun("hang");
        try (Scenario s = new Scenario("hang", "an app whose requests hang until the worker is replaced, under load")) {
            try {
                Set<Long> before = jgu.awaitWorkers(WORKERS);
                int begun = JguProcess.count(jgu.log(), "faults: hang begins");
                int timeouts = JguProcess.count(jgu.log(), "worker timeout: ");
                int dumps = JguProcess.count(jgu.log(), "Full thread dump");
                long start = System.nanoTime();
                // hang requests one at a time, each on a new connection, until one worker holds enough of
                // them to stop its heartbeat; a worker that does not accept (all its threads hung) leaves the
                // next one to another, so at most WORKERS * (needed - 1) + 1 are needed
                int needed = hangsThatStopTheHeartbeat();
                java.util.Map<Long, Integer> hungOn = new java.util.HashMap<>();
                List<CompletableFuture<HttpProbe.Reply>> hung = new ArrayList<>();
                long victim = 0;
                while (victim == 0) {
                    assertTrue(hung.size() < WORKERS * (needed - 1) + 1, "no worker took " + needed + " hung requests: " + hungOn);
                    hung.add(HttpProbe.getAsync(address, hangTarget(), jgu.bounds.hang().plus(jgu.bounds.boot())));
                    jgu.awaitLog("faults: hang begins", begun + hung.size(), jgu.bounds.request());
                    long pid = lastPid(jgu.log(), "faults: hang begins pid=(\\d+)");
                    assertTrue(before.contains(pid), pid + " of " + before);
                    if (hungOn.merge(pid, 1, Integer::sum) == needed) {
                        victim = pid;
                    }
                }
                s.lost(victim, start, jgu.bounds.hang(), "hung, timed out");
                jgu.awaitLog("worker timeout: ", timeouts + 1, jgu.bounds.react());
                jgu.awaitLog("Full thread dump", dumps + 1, jgu.bounds.react());
                JguProcess.await(() -> jgu.log().contains("Faults.handle"), jgu.bounds.react(),
                        () -> "the dump shows where the worker hung:\n" + jgu.log());
                s.record.bound("the worker " + victim + " with " + needed + " hung request(s) was replaced after timeout "
                        + TIMEOUT + " s, its thread dump logged", true);
                Set<Long> partly = new java.util.TreeSet<>(hungOn.keySet());
                partly.remove(victim);
                for (long other : partly) {
                    // it still serves with its other threads, but its hung requests would outlast the scenario
                    s.kill(other, "kill -9 of a worker holding " + hungOn.get(other) + " hung request(s) of " + needed);
                }
                for (CompletableFuture<HttpProbe.Reply> h : hung) {
                    assertTrue(h.handle((r, e) -> e != null).get(), "a hung request got an answer");
                }
                Set<Long> gone = new java.util.TreeSet<>(partly);
                gone.add(victim);
                awaitReplaced(WORKERS, gone);
                s.load.awaitProgress(BETWEEN, jgu.bounds.request());
                s.figure("hung worker", victim);
                s.figure("hung requests sent", hung.size());
                s.finish();
            } catch (AssertionError | Exception e) {
                s.record.failed(e.toString());
                throw e;
            }
        }
    }

    @Test
    @Order(5)
    void aWorkerThatExhaustsItsHeapIsReplaced() throws Exception {
        assumeInThisRun("oom");
        try (Scenario s = new Scenario("oom", "an app request that exhausts the heap (" + HEAP + "), under load")) {
            try {
                Set<Long> before = jgu.awaitWorkers(WORKERS);
                int begun = JguProcess.count(jgu.log(), "faults: oom begins");
                long start = System.nanoTime();
                CompletableFuture<HttpProbe.Reply> oom = HttpProbe.getAsync(address, "/oom", jgu.bounds.request());
                jgu.awaitLog("faults: oom begins", begun + 1, jgu.bounds.request());
                long victim = lastPid(jgu.log(), "faults: oom begins pid=(\\d+)");
                assertTrue(before.contains(victim), victim + " of " + before);
                s.lost(victim, start, jgu.bounds.request(), "heap exhausted");
                assertTrue(oom.handle((r, e) -> e != null).get(), "the request that exhausted the heap got no answer");
                awaitReplaced(WORKERS, Set.of(victim));
                jgu.awaitLog("Terminating due to java.lang.OutOfMemoryError", 1, jgu.bounds.react());
                Matcher exit = Pattern.compile("pid=" + victim + "\\b[^\\n]*exited[^\\n]*").matcher(jgu.log());
                assertTrue(s.record.bound("the worker's exit was logged", exit.find()), jgu.log());
                s.record.note("logged: " + exit.group());
                s.load.awaitProgress(BETWEEN, jgu.bounds.request());
                s.figure("worker that exhausted its heap", victim);
                s.finish();
            } catch (AssertionError | Exception e) {
                s.record.failed(e.toString());
                throw e;
            }
        }
    }

    @Test
    @Order(6)
    void usr2HandOverThenTermOfTheOldArbiterLosesNoRequest() throws Exception {
        assumeInThisRun("usr2");
        try (Scenario s = new Scenario("usr2", "USR2 hand-over, then TERM of the old arbiter, under load")) {
            try {
                Set<Long> old = jgu.awaitWorkers(WORKERS);
                long start = System.nanoTime();
                jgu.signal("USR2");
                jgu.awaitLog("re-exec: started new arbiter pid=", 1, jgu.bounds.react());
                long fresh = lastPid(jgu.log(), "re-exec: started new arbiter pid=(\\d+)");
                Set<Long> newWorkers = JguProcess.awaitReadyChildren(fresh, WORKERS, jgu::log, jgu.bounds.boot());
                jgu.seenWorkers();
                jgu.signal("TERM");
                assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.log());
                Set<Long> served = s.load.servedByNext(BETWEEN, jgu.bounds.request());
                assertTrue(newWorkers.containsAll(served), "served by " + served + ", the new arbiter's workers are " + newWorkers);
                for (long w : old) {
                    assertFalse(JguProcess.running(w), "old worker " + w);
                }
                s.retired(old, newWorkers, start, "retired by the old arbiter's TERM");
                s.figure("new arbiter", fresh);
                s.finish();
                assertTrue(s.record.bound("0 requests failed (" + s.load.failed() + ")", s.load.failed() == 0));
            } catch (AssertionError | Exception e) {
                s.record.failed(e.toString());
                throw e;
            }
        }
    }

    private static long lastPid(String log, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log);
        long pid = 0;
        while (m.find()) {
            pid = Long.parseLong(m.group(1));
        }
        assertTrue(pid != 0, "no line matching " + regex + " in:\n" + log);
        return pid;
    }
}
