package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker that stops heartbeating is dumped (QUIT) and replaced (KILL). */
class TimeoutIT {

    @TempDir
    Path dir;

    @Test
    void hungWorkerIsReplacedAndItsThreadDumpLogged() throws Exception {
        Path hooksLog = dir.resolve("hooks.log");
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-t", "2", "-b", "127.0.0.1:0",
                "--hooks", "dev.jgu.testapps.RecordingHooks", "dev.jgu.testapps.Probe"), java.util.Map.of("JGU_HOOKS_LOG", hooksLog.toString()))) {
            String address = jgu.listeners(1).get(0);
            long hung = jgu.awaitWorkers(1).iterator().next();
            CompletableFuture.runAsync(() -> {
                try {
                    HttpProbe.exchange(address, "GET /hang HTTP/1.1\r\nHost: t\r\n\r\n", jgu.bounds.hang().toMillis());
                } catch (java.io.IOException e) {
                    // the connection dies with the killed worker: expected
                }
            });
            jgu.awaitLog("worker timeout: worker=1 pid=" + hung, 1, jgu.bounds.hang());
            JguProcess.await(() -> {
                Set<Long> now = jgu.workerPids();
                return now.size() == 1 && !now.contains(hung);
            }, jgu.bounds.hang(), () -> "a replacement for hung worker " + hung);
            // the arbiter relays the worker's stderr, the dump line by line: its lines may still be arriving
            jgu.awaitLog("Full thread dump", 1, jgu.bounds.react());
            JguProcess.await(() -> jgu.err().contains("Probe.handle"), jgu.bounds.react(),
                    () -> "the dump shows where the worker hung:\n" + jgu.err());
            long fresh = jgu.awaitWorkers(1).iterator().next();
            assertTrue(java.nio.file.Files.readString(hooksLog).contains("hook=worker_abort worker=1 pid=" + hung),
                    "the hung worker ran worker_abort before it was killed");
            assertTrue(HttpProbe.get(address, "/").pid() == fresh, "the replacement serves");
        }
    }

    @Test
    void aSlowBootIsNotTakenForAHang() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-t", "3", "-b", "127.0.0.1:0", "dev.jgu.testapps.SlowBoot"),
                java.util.Map.of("SLOW_BOOT_MS", "5000"))) {
            String address = jgu.listeners(1).get(0);
            long worker = jgu.awaitWorkers(1).iterator().next();
            assertTrue(!jgu.err().contains("worker timeout"), "a 5 s boot with timeout 3 s is not a hang:\n" + jgu.err());
            assertTrue(HttpProbe.get(address, "/").pid() == worker);
        }
    }
}
