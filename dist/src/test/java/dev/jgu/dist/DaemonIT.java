package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** -D detaches: the launcher returns, the pidfile names a session leader that serves, and a live pidfile blocks a second start. */
class DaemonIT {

    @TempDir
    Path dir;

    @Test
    void daemonModeDetachesAndThePidfileRefusesASecondServer() throws Exception {
        Path pidfile = dir.resolve("jgu.pid");
        Path error = dir.resolve("error.log");
        long daemon = 0;
        try (JguProcess launcher = JguProcess.start(dir, List.of("-D", "-p", pidfile.toString(), "-b", "127.0.0.1:0",
                "--error-logfile", error.toString(), "dev.jgu.testapps.Probe"))) {
            assertEquals(0, launcher.awaitExit(launcher.bounds.boot()), launcher.err());
            JguProcess.await(() -> Files.exists(pidfile), launcher.bounds.boot(), () -> "pidfile " + pidfile);
            daemon = Long.parseLong(Files.readString(pidfile).trim());
            assertNotEquals(launcher.pid(), daemon);
            assertEquals(daemon, sessionOf(daemon), "the daemon leads its own session");
            JguProcess.awaitReadyChildren(daemon, 1, () -> RealProgram.read(error), launcher.bounds.boot());
            String address = RealProgram.listening(RealProgram.read(error), "");
            assertEquals(200, HttpProbe.get(address, "/").status());

            try (JguProcess second = JguProcess.start(dir, List.of("-p", pidfile.toString(), "-b", "127.0.0.1:0", "dev.jgu.testapps.Probe"))) {
                assertEquals(2, second.awaitExit(second.bounds.boot()), second.err());
                assertTrue(second.err().contains("names a running process (pid " + daemon + ")"), second.err());
            }

            JguProcess.signal(daemon, "TERM");
            long pid = daemon;
            JguProcess.await(() -> !JguProcess.running(pid), launcher.bounds.stop(),
                    () -> "daemon " + pid + " to stop");
            assertFalse(Files.exists(pidfile), "pidfile removed");
        } finally {
            if (daemon != 0) {
                ProcessTree.kill(List.of(daemon));
            }
        }
    }

    private static long sessionOf(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
