package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second HUP while the first one's workers still boot (two {@code systemctl
 * reload}s, a deploy script that HUPs after each of two copies): the last ready
 * generation serves until the newest one is ready, and a broken newest one leaves
 * it serving. Under load, with the arbiter's own log as the record of which
 * workers were ready when.
 */
class DoubleHupIT {

    private static final int GRACEFUL_TIMEOUT = 10;
    private static final int TIMEOUT = 20;
    private static final int SIGUSR1 = 10;
    private static final Pattern TRANSITION = Pattern.compile("worker=\\d+ pid=(\\d+) (\\w+(?: out)?) -> (\\w+(?: out)?)");
    private static final Pattern SPAWNED = Pattern.compile("spawned worker: worker=\\d+ pid=(\\d+) generation=(\\d+)");

    @TempDir
    Path dir;

    private void conf(String app) throws Exception {
        Files.writeString(dir.resolve("jgu.conf"), "workers = 2\nbind = [\"127.0.0.1:0\"]\ngraceful_timeout = " + GRACEFUL_TIMEOUT
                + "\ntimeout = " + TIMEOUT + "\napp = \"" + app + "\"\n");
    }

    @Test
    void secondHupWhileNewWorkersBootReplacesEveryWorkerWithNoGap() throws Exception {
        conf("dev.jgu.testapps.SlowBoot");
        // new workers take 3 s to load the app: the second HUP lands while the first one's are loading it
        try (JguProcess jgu = JguProcess.start(dir, List.of(), Map.of("SLOW_BOOT_MS", "3000"))) {
            String address = jgu.listeners(1).get(0);
            Set<Long> first = jgu.awaitWorkers(2);
            try (HupUnderLoad load = new HupUnderLoad(address, jgu::workerPids, jgu.bounds)) {
                jgu.signal("HUP");
                JguProcess.await(() -> spawned(jgu.err(), 2).size() == 2
                        && spawned(jgu.err(), 2).stream().allMatch(DoubleHupIT::handlesUsr1),
                        jgu.bounds.boot(), () -> "generation 2's JVMs up, loading the app:\n" + jgu.err());
                jgu.signal("HUP");
                jgu.awaitLog("reload complete: generation=3", 1, jgu.bounds.reload());
                Set<Long> newest = spawned(jgu.err(), 3);
                load.awaitOnly(newest);
                Set<Long> served = load.servedByNext(HupUnderLoad.REQUESTS);
                load.assertNoFailedRequest("during two HUPs");
                assertTrue(newest.stream().noneMatch(first::contains), "all new pids: " + newest + " after " + first);
                assertTrue(newest.containsAll(served), "served by " + served + ", expected generation 3 " + newest);
            }
            assertNeverZeroReady(jgu.err());
            assertEquals(1, JguProcess.count(jgu.err(), "generation=2 was not ready yet; generation=3 supersedes it, "
                    + "generation=1 keeps serving"), "the second HUP came during the first reload:\n" + jgu.err());
            assertEquals(0, JguProcess.count(jgu.err(), "reload aborted"), jgu.err());
        }
    }

    @Test
    void brokenAppThenASecondHupKeepsTheOldGenerationServing() throws Exception {
        conf("dev.jgu.testapps.Probe");
        try (JguProcess jgu = JguProcess.start(dir, List.of())) {
            String address = jgu.listeners(1).get(0);
            Set<Long> old = jgu.awaitWorkers(2);
            try (HupUnderLoad load = new HupUnderLoad(address, jgu::workerPids, jgu.bounds)) {
                conf("dev.jgu.testapps.Broken");
                jgu.signal("HUP");
                jgu.awaitLog("reloading: generation=2", 1, jgu.bounds.react());
                jgu.signal("HUP");
                jgu.awaitLog("reload aborted, old workers keep serving", 1, jgu.bounds.reload());
                load.awaitOnly(old);
                assertEquals(old, load.servedByNext(30), "the old workers still serve");
                load.assertNoFailedRequest("during two HUPs to a broken app");
            }
            assertTrue(jgu.process.isAlive(), "the arbiter stays up:\n" + jgu.err());
            assertTrue(jgu.err().contains("database URL not configured"), "the reason is logged:\n" + jgu.err());
            assertNeverZeroReady(jgu.err());
            assertEquals(0, JguProcess.count(jgu.err(), "-> retiring: TERM sent (replaced by"), "no old worker retired:\n" + jgu.err());
        }
    }

    /**
     * Whether a worker JVM has installed its signal handlers (WorkerMain does so before it
     * loads the app): SigCgt in /proc/PID/status has USR1's bit, which a JVM does not set by
     * itself. Before that, USR1 (the log reopening every HUP sends) would end it.
     */
    private static boolean handlesUsr1(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigCgt:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (SIGUSR1 - 1))) != 0;
                }
            }
        } catch (java.io.IOException e) {
            // gone: it cannot be loading the app
        }
        return false;
    }

    /** Pids the arbiter logged spawning for {@code generation}. */
    private static Set<Long> spawned(String log, int generation) {
        Set<Long> pids = new TreeSet<>();
        Matcher m = SPAWNED.matcher(log);
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) == generation) {
                pids.add(Long.parseLong(m.group(1)));
            }
        }
        return pids;
    }

    /**
     * Replays every worker state change in the arbiter's log: once a worker was
     * ready, some worker is ready (and not retiring) after every line.
     */
    private static void assertNeverZeroReady(String log) {
        Set<Long> ready = new HashSet<>();
        boolean served = false;
        for (String line : log.split("\n")) {
            Matcher m = TRANSITION.matcher(line);
            if (!m.find()) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            if (m.group(3).equals("ready")) {
                ready.add(pid);
                served = true;
            } else if (m.group(2).equals("ready")) {
                ready.remove(pid);
            }
            assertTrue(!served || !ready.isEmpty(), "no ready worker after: " + line + "\n" + log);
        }
        assertTrue(served, "no worker was ever ready:\n" + log);
    }
}
