package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** logrotate's way: rename the files, send USR1, and every process writes to new files with no line lost. */
class LogRotateIT {

    @TempDir
    Path dir;

    @Test
    void renameAndUsr1ReopensAccessAndErrorLogsWithoutLosingLines() throws Exception {
        Path access = dir.resolve("access.log");
        Path error = dir.resolve("error.log");
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--access-logfile", access.toString(),
                "--error-logfile", error.toString(), "dev.jgu.testapps.Probe"))) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(2);
            for (int i = 0; i < 50; i++) {
                assertEquals(200, HttpProbe.get(address, "/before?i=" + i).status());
            }
            RealProgram.awaitLines(access, 50, jgu.bounds.react());
            Files.move(access, dir.resolve("access.log.1"));
            Files.move(error, dir.resolve("error.log.1"));
            jgu.signal("USR1");
            // the arbiter and both workers say so in the new error log once they reopened
            awaitText(error, "reopened log file", 3, jgu.bounds.react());
            for (int i = 0; i < 50; i++) {
                assertEquals(200, HttpProbe.get(address, "/after?i=" + i).status());
            }
            RealProgram.awaitLines(access, 50, jgu.bounds.react());
            List<String> old = Files.readAllLines(dir.resolve("access.log.1"));
            List<String> fresh = Files.readAllLines(access);
            assertEquals(50, old.size(), String.join("\n", old));
            assertTrue(old.stream().allMatch(l -> l.contains("GET /before?i=")), String.join("\n", old));
            assertEquals(50, fresh.size(), String.join("\n", fresh));
            assertTrue(fresh.stream().allMatch(l -> l.contains("\"GET /after?i=") && l.contains(" 200 ")), String.join("\n", fresh));
            assertTrue(Files.readString(dir.resolve("error.log.1")).contains("booted worker"), "old error lines stay in the rotated file");
        }
    }

    private static void awaitText(Path file, String text, int times, Duration bound) {
        JguProcess.await(() -> JguProcess.count(RealProgram.read(file), text) >= times, bound,
                () -> "'" + text + "' x" + times + " in " + file + ":\n" + RealProgram.read(file));
    }

}
