package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Recycling by memory" of the reliability suite, with an app that leaks on purpose
 * ({@code dev.jgu.testapps.Leak}) and clients requesting throughout. First a limit below a
 * fresh worker's RSS: said once, and no worker recycled over two checks. Then, after a HUP
 * to a limit above it, a worker leaks past the limit with a request in flight: it finishes
 * that request, is replaced like a {@code max_requests} restart, and no request fails.
 */
class MemoryRecyclingIT {

    static final String GROUP = "Recycling by memory";
    static final int WORKERS = 2;
    /** The arbiter reads each worker's RSS this often (WorkerPool). */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
    /** How far above a fresh worker's RSS the second limit is: the leak must pass it, a fresh worker must not. */
    static final int HEADROOM_MIB = 48;
    static final int LEAK_KIB = 4096;
    static final int GRACEFUL = 20;
    /** An in-flight request that outlasts the arbiter's next look at the leaking worker, well within graceful_timeout. */
    static final int IN_FLIGHT_MS = 8000;

    @TempDir
    Path dir;

    private String conf(int limitMib) {
        return "workers = " + WORKERS + "\nworker_class = \"gthread\"\nthreads = 4\nbind = [\"127.0.0.1:0\"]\n"
                + "app = \"dev.jgu.testapps.Leak\"\ngraceful_timeout = " + GRACEFUL + "\nmax_worker_memory = " + limitMib
                + "\njvm_opts = [\"-Xmx512m\"]\naccesslog = \"" + dir.resolve("access.log") + "\"\n";
    }

    @Test
    void aLeakingWorkerIsRecycledAndAWorkerOverTheLimitAtBootIsNot() throws Exception {
        Path conf = dir.resolve("jgu.conf");
        Files.writeString(conf, conf(1));
        try (JguProcess jgu = JguProcess.start(dir, List.of())) {
            String address = jgu.listeners(1).get(0);
            Set<Long> first = jgu.awaitWorkers(WORKERS);
            long freshKib = first.stream().mapToLong(MemoryRecyclingIT::rssKib).max().orElseThrow();
            overTheLimitAtBootIsLoggedOnceAndNotRecycled(jgu, address, first, freshKib);

            int limit = (int) (freshKib / 1024) + HEADROOM_MIB;
            Files.writeString(conf, conf(limit));
            int completes = JguProcess.count(jgu.log(), "reload complete");
            jgu.signal("HUP");
            jgu.awaitLog("reload complete", completes + 1, jgu.bounds.reload());
            Set<Long> second = jgu.awaitWorkers(WORKERS);
            // A worker is exempt when over the limit at the arbiter's first look after ready; that
            // look comes within one interval, unlogged when under the limit. Leak only after it.
            long firstLook = System.nanoTime() + CHECK_INTERVAL.plusSeconds(1).toNanos();
            JguProcess.await(() -> System.nanoTime() > firstLook, CHECK_INTERVAL.plusSeconds(2), () -> "the first look");
            assertTrue(second.stream().noneMatch(first::contains), first + " -> " + second);
            aWorkerLeakingPastTheLimitFinishesItsRequestsAndIsReplaced(jgu, address, second, limit, freshKib);
        }
    }

    private void overTheLimitAtBootIsLoggedOnceAndNotRecycled(JguProcess jgu, String address, Set<Long> workers, long freshKib)
            throws Exception {
        ReliabilityRecord record = new ReliabilityRecord("7-memory-over-at-boot", GROUP,
                "max_worker_memory below a fresh worker's RSS: logged once, never recycled");
        try (AccountedLoad load = new AccountedLoad(address, "/", 2)) {
            String warning = "right after boot, over the limit of 1 MiB";
            jgu.awaitLog(warning, 1, CHECK_INTERVAL.plus(jgu.bounds.react()));
            // Absence of a recycle can only be watched for: two more of the arbiter's checks,
            // while the workers leak, each of which would retire a worker that is not exempt.
            long until = System.nanoTime() + CHECK_INTERVAL.multipliedBy(2).plusSeconds(1).toNanos();
            int leaks = 0;
            for (; leaks < 64; leaks++) {
                HttpProbe.Reply r = HttpProbe.get(address, "/leak?kib=1024");
                assertEquals(200, r.status(), r.head());
            }
            JguProcess.await(() -> System.nanoTime() > until, CHECK_INTERVAL.multipliedBy(3), () -> "two more checks");
            load.awaitProgress(20, jgu.bounds.request());
            load.close();
            int warnings = JguProcess.count(jgu.log(), warning);
            int recycled = JguProcess.count(jgu.log(), "max_worker_memory: RSS");
            record.figure("workers recycled", recycled)
                    .figure("fresh worker RSS", freshKib / 1024 + " MiB")
                    .figure("limit", "1 MiB")
                    .figure("warning lines (2 workers)", warnings)
                    .figure("leaking requests meanwhile (1 MiB each)", leaks)
                    .figure("requests answered", load.answered())
                    .figure("requests failed", load.failed());
            assertTrue(record.bound("warned once per generation (" + warnings + " lines for " + WORKERS + " workers)", warnings == 1),
                    jgu.log());
            assertTrue(record.bound("no worker recycled over 2 more checks (" + recycled + ")", recycled == 0), jgu.log());
            assertEquals(workers, jgu.workerPids(), "the workers over the limit at boot still serve");
            assertTrue(record.bound("0 requests failed (" + load.failed() + ")", load.failed() == 0), load.losses().toString());
        } catch (AssertionError | Exception e) {
            record.failed(e.toString());
            throw e;
        } finally {
            record.write();
        }
    }

    private void aWorkerLeakingPastTheLimitFinishesItsRequestsAndIsReplaced(JguProcess jgu, String address, Set<Long> workers,
            int limitMib, long freshKib) throws Exception {
        ReliabilityRecord record = new ReliabilityRecord("7-memory-recycle", GROUP,
                "a worker leaking past max_worker_memory under load is recycled, its in-flight request answered");
        try (AccountedLoad load = new AccountedLoad(address, "/", 2)) {
            load.awaitProgress(20, jgu.bounds.request());
            int begun = JguProcess.count(jgu.log(), "leak: sleep begins");
            CompletableFuture<HttpProbe.Reply> inFlight = HttpProbe.getAsync(address, "/sleep?ms=" + IN_FLIGHT_MS,
                    jgu.bounds.retire().plus(jgu.bounds.request()));
            jgu.awaitLog("leak: sleep begins", begun + 1, jgu.bounds.request());
            long victim = Long.parseLong(jgu.log().substring(jgu.log().lastIndexOf("leak: sleep begins pid=") + 23).split("\\s")[0]);
            assertTrue(workers.contains(victim), victim + " of " + workers);
            long start = System.nanoTime();
            HttpConnection onVictim = connectionTo(address, victim, jgu.bounds.request());
            int leaks = 0;
            long peakKib = 0;
            while ((peakKib = Math.max(peakKib, rssKib(victim))) <= limitMib * 1024L) {
                assertTrue(leaks < 4 * (HEADROOM_MIB * 1024 / LEAK_KIB + 1), "RSS of " + victim + " still " + peakKib
                        + " KiB after " + leaks + " leaks of " + LEAK_KIB + " KiB; limit " + limitMib + " MiB");
                HttpConnection.Response r = onVictim.exchange(HttpConnection.get("/leak?kib=" + LEAK_KIB),
                        jgu.bounds.request().toMillis());
                assertEquals(200, r.status(), r.head());
                assertEquals(victim, r.pid(), "a keep-alive connection stays on its worker");
                leaks++;
            }
            onVictim.close();
            String retired = "pid=" + victim + " ready -> retiring: TERM sent (max_worker_memory: RSS ";
            jgu.awaitLog(retired, 1, CHECK_INTERVAL.plus(jgu.bounds.react()));
            HttpProbe.Reply reply = inFlight.get(jgu.bounds.retire().plus(jgu.bounds.request()).toMillis(), TimeUnit.MILLISECONDS);
            JguProcess.await(() -> !JguProcess.running(victim), jgu.bounds.retire(), () -> "worker " + victim + " to exit");
            Set<Long> after = jgu.awaitWorkers(WORKERS);
            assertTrue(!after.contains(victim), workers + " -> " + after);
            load.servedByNext(20, jgu.bounds.request());
            load.close();
            AccountedLoad.Accounting accounting = load.account(List.of(
                    new AccountedLoad.Fault("recycled by max_worker_memory", victim, start, System.nanoTime(), false)),
                    load.handledIn(Files.readString(dir.resolve("access.log")))::contains);
            int recycled = JguProcess.count(jgu.log(), "max_worker_memory: RSS");
            record.figure("in-flight request answered", reply.status() == 200 && reply.pid() == victim ? "yes, by " + victim : "no")
                    .figure("limit", limitMib + " MiB")
                    .figure("fresh worker RSS", freshKib / 1024 + " MiB")
                    .figure("victim RSS when it passed the limit", peakKib / 1024 + " MiB")
                    .figure("leaking requests on the victim", leaks + " x " + LEAK_KIB / 1024 + " MiB")
                    .figure("workers recycled", recycled)
                    .figure("requests sent", load.sent())
                    .figure("requests answered", load.answered())
                    .figure("requests failed", load.failed())
                    .figure("attempts lost (retried on a new connection)", accounting.explained().size());
            accounting.explained().forEach(line -> record.note("allowed: " + line));
            accounting.unexplained().forEach(line -> record.note("unexplained: " + line));
            accounting.answersLost().forEach(line -> record.note("answer lost: " + line));
            assertTrue(record.bound("the recycled worker closed no connection without the answer to a request it handled ("
                    + accounting.answersLost().size() + ")", accounting.answersLost().isEmpty()), accounting.answersLost().toString());
            assertEquals(200, reply.status(), reply.head());
            assertTrue(record.bound("the request in flight on the recycled worker was answered by it", reply.pid() == victim),
                    "answered by " + reply.pid());
            assertTrue(record.bound("recycled once (" + recycled + "), the replacement not", recycled == 1), jgu.log());
            assertTrue(record.bound("0 requests failed (" + load.failed() + ")", load.failed() == 0), load.losses().toString());
            assertTrue(record.bound("every lost attempt is the recycled worker's idle keep-alive race",
                    accounting.unexplained().isEmpty()), accounting.unexplained().toString());
            assertNotEquals(victim, HttpProbe.get(address, "/").pid());
        } catch (AssertionError | Exception e) {
            record.failed(e.toString());
            throw e;
        } finally {
            record.write();
        }
    }

    /** A keep-alive connection that the worker {@code pid} answered: only it leaks, not the other one too. */
    private static HttpConnection connectionTo(String address, long pid, Duration bound) throws IOException {
        for (int tries = 0; tries < 100; tries++) {
            HttpConnection conn = HttpConnection.open(address);
            HttpConnection.Response r = conn.exchange(HttpConnection.get("/"), bound.toMillis());
            if (r.status() == 200 && r.pid() == pid && !r.closes()) {
                return conn;
            }
            conn.close();
        }
        throw new AssertionError("100 new connections and none on worker " + pid);
    }

    /** {@code VmRSS} of the process in KiB, as the arbiter reads it; 0 once it is gone. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
