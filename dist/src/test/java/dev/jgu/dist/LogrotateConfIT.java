package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real logrotate with the shipped etc/logrotate.d/jgu rotates the error and access
 * logs of a running jgu: its postrotate USR1 (through the pidfile) makes the arbiter
 * and every worker reopen them, and requests before and after land in the right file.
 */
class LogrotateConfIT {

    private static final String LOGROTATE = "/usr/sbin/logrotate";

    @TempDir
    Path dir;

    @Test
    void shippedSnippetRotatesAndUsr1ReopensEveryProcess() throws Exception {
        RealProgram.assumeInstalled("LogrotateConfIT", LOGROTATE);
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Path access = logs.resolve("access.log");
        Path error = logs.resolve("error.log");
        Files.writeString(dir.resolve("logrotate.conf"), RealProgram.etcSample("logrotate.d/jgu",
                "/var/log/jgu", logs.toString(), "/run/jgu", run.toString()));
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "-p", run.resolve("jgu.pid").toString(),
                "--error-logfile", error.toString(), "--access-logfile", access.toString(), "dev.jgu.testapps.Probe"))) {
            jgu.awaitWorkers(2);
            String address = RealProgram.listening(RealProgram.read(error), "127.0.0.1:");
            for (int i = 0; i < 20; i++) {
                assertEquals(200, HttpProbe.get(address, "/before?i=" + i).status());
            }
            RealProgram.awaitLines(access, 20, jgu.bounds.react());

            String out = RealProgram.ok(dir, Duration.ofSeconds(60), LOGROTATE, "-v", "-s", dir.resolve("logrotate.state").toString(),
                    "-f", dir.resolve("logrotate.conf").toString());
            assertTrue(out.contains("running postrotate script"), out);
            JguProcess.await(() -> JguProcess.count(RealProgram.read(error), "reopened log file") >= 3, jgu.bounds.react(),
                    () -> "the arbiter and both workers to reopen " + error + ":\n" + RealProgram.read(error) + "\nlogrotate:\n" + out);
            for (int i = 0; i < 20; i++) {
                assertEquals(200, HttpProbe.get(address, "/after?i=" + i).status());
            }
            RealProgram.awaitLines(access, 20, jgu.bounds.react());

            List<String> rotated = Files.readAllLines(logs.resolve("access.log.1"));
            List<String> fresh = Files.readAllLines(access);
            assertEquals(20, rotated.size(), String.join("\n", rotated));
            assertTrue(rotated.stream().allMatch(l -> l.contains("GET /before?i=")), String.join("\n", rotated));
            assertEquals(20, fresh.size(), String.join("\n", fresh));
            assertTrue(fresh.stream().allMatch(l -> l.contains("GET /after?i=")), String.join("\n", fresh));
            assertTrue(RealProgram.read(logs.resolve("error.log.1")).contains("starting jgu:"), "the old error lines are in error.log.1");
            assertTrue(jgu.process.isAlive(), "USR1 does not stop jgu");
        }
    }
}
