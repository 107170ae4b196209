package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scaling the pool with TTIN/TTOU and stopping it with WINCH, on one arbiter. */
class OperationsIT {

    @TempDir
    Path dir;

    @Test
    void ttinTtouAndWinchChangeTheWorkerCount() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "dev.jgu.testapps.Probe"))) {
            String address = jgu.listeners(1).get(0);
            Set<Long> first = jgu.awaitWorkers(2);

            jgu.signal("TTIN");
            jgu.awaitWorkers(3);

            // TTOU retires the oldest worker first.
            long oldestByAge = pidOfWorker(jgu, 1);
            assertTrue(first.contains(oldestByAge), "worker=1 is one of the first two: " + first);
            jgu.signal("TTOU");
            awaitCount(jgu, 2);
            assertTrue(!jgu.workerPids().contains(oldestByAge), "worker=1 (pid " + oldestByAge + ") should go first; left " + jgu.workerPids());

            jgu.signal("TTOU");
            awaitCount(jgu, 1);
            jgu.signal("TTOU");
            jgu.awaitLog("TTOU never goes below 1", 1, jgu.bounds.react());
            assertEquals(1, jgu.workerPids().size());

            jgu.signal("WINCH");
            awaitCount(jgu, 0);
            assertTrue(jgu.process.isAlive(), "the arbiter keeps running with no workers");

            jgu.signal("TTIN");
            jgu.awaitWorkers(1);
            assertEquals(200, HttpProbe.get(address, "/").status(), "the kept socket serves again");
        }
    }

    /** Waits until the arbiter has {@code n} workers: one told to stop drains for graceful_timeout at most. */
    private static void awaitCount(JguProcess jgu, int n) {
        JguProcess.await(() -> jgu.workerPids().size() == n, jgu.bounds.retire(), () -> n + " workers, have " + jgu.workerPids());
    }

    /** The pid the arbiter logged for worker number {@code age}. */
    private static long pidOfWorker(JguProcess jgu, int age) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("spawned worker: worker=" + age + " pid=(\\d+)").matcher(jgu.err());
        assertTrue(m.find(), jgu.err());
        return Long.parseLong(m.group(1));
    }
}
