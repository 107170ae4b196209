package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the arbiter stops: TERM drains, INT is quick, and workers never outlive it. */
class StopIT {

    @TempDir
    Path dir;

    @Test
    void termLetsInFlightRequestFinishThenExitsCleanly() throws Exception {
        Path pidfile = dir.resolve("jgu.pid");
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "-p", pidfile.toString(),
                "--graceful-timeout", "20", "dev.jgu.testapps.Probe"))) {
            String address = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(2);
            assertEquals(Long.toString(jgu.pid()), Files.readString(pidfile).trim());
            DrainingStop stop = DrainingStop.begin(address, 2000, jgu::log, jgu.bounds);
            jgu.signal("TERM");
            stop.assertAnsweredBy(workers);
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            assertFalse(Files.exists(pidfile), "pidfile removed");
            for (long worker : workers) {
                assertFalse(JguProcess.running(worker), "worker " + worker + " left running");
            }
        }
    }

    @Test
    void intExitsWithinTwoSeconds() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "dev.jgu.testapps.Probe"))) {
            jgu.listeners(1);
            Set<Long> workers = jgu.awaitWorkers(2);
            long start = System.nanoTime();
            jgu.signal("INT");
            jgu.awaitExit(jgu.bounds.quickStop());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2000, "INT took " + millis + " ms");
            for (long worker : workers) {
                JguProcess.await(() -> !JguProcess.running(worker),
                        Duration.ofSeconds(2), () -> "worker " + worker + " to exit");
            }
        }
    }

    @Test
    void workersExitWhenArbiterIsKilled() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "dev.jgu.testapps.Probe"))) {
            jgu.listeners(1);
            Set<Long> workers = jgu.awaitWorkers(2);
            jgu.signal("KILL");
            jgu.awaitExit(jgu.bounds.react());
            for (long worker : workers) {
                JguProcess.await(() -> !JguProcess.running(worker),
                        Duration.ofSeconds(2), () -> "orphaned worker " + worker + " to exit after the arbiter's kill -9");
            }
        }
    }
}
