package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jgu.conf, JGU_CMD_ARGS and the command line, seen through the real launcher. */
class ConfigIT {

    @TempDir
    Path dir;

    private JguProcess run(String conf, Map<String, String> env, String... args) throws Exception {
        Files.writeString(dir.resolve("jgu.conf"), conf);
        return JguProcess.start(dir, List.of(args), env);
    }

    @Test
    void badConfigFilesExit2NamingTheLine() throws Exception {
        record Case(String conf, String message) {
        }
        for (Case c : List.of(
                new Case("workers = 2\ngracefull_timeout = 5\n", "jgu.conf:2: unknown setting \"gracefull_timeout\", did you mean graceful_timeout?"),
                new Case("# comment\n\nworkers = \"four\"\n", "(jgu.conf:3)"),
                new Case("timeout = 5\nworkers = 0\n", "workers: must be >= 1, got 0 (jgu.conf:2)"))) {
            try (JguProcess jgu = run(c.conf(), Map.of(), "dev.jgu.examples.Hello")) {
                assertEquals(2, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
                assertTrue(jgu.err().contains(c.message()), "expected '" + c.message() + "' in:\n" + jgu.err());
                assertTrue(jgu.err().startsWith("workers") || jgu.err().startsWith("jgu.conf"), "nothing started:\n" + jgu.err());
                assertTrue(!jgu.err().contains("listening:"), "nothing started:\n" + jgu.err());
            }
        }
    }

    @Test
    void printConfigShowsTheCommandLineWinningOverAllOtherPlaces() throws Exception {
        try (JguProcess jgu = run("workers = 2\n", Map.of("JGU_CMD_ARGS", "-w 3", "WEB_CONCURRENCY", "4"),
                "--print-config", "-w", "5", "dev.jgu.examples.Hello")) {
            assertEquals(0, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
            assertTrue(jgu.out().lines().anyMatch(l -> l.matches("workers = 5\\s+# cli")), jgu.out());
        }
        try (JguProcess jgu = run("workers = 2\n", Map.of("WEB_CONCURRENCY", "4"), "--print-config", "dev.jgu.examples.Hello")) {
            assertEquals(0, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
            assertTrue(jgu.out().lines().anyMatch(l -> l.matches("workers = 2\\s+# jgu.conf:1")), jgu.out());
        }
    }

    @Test
    void jguCmdArgsStartsThreeWorkers() throws Exception {
        try (JguProcess jgu = run("bind = [\"127.0.0.1:0\"]\n", Map.of("JGU_CMD_ARGS", "-w 3"), "dev.jgu.testapps.Probe")) {
            jgu.listeners(1);
            assertEquals(3, jgu.awaitWorkers(3).size());
        }
    }

    @Test
    void checkConfigLoadsTheAppAndExits1WhenItCannot() throws Exception {
        try (JguProcess jgu = run("", Map.of(), "--check-config", "dev.jgu.examples.Hello")) {
            assertEquals(0, jgu.awaitExit(jgu.bounds.boot()), jgu.err() + jgu.out());
        }
        try (JguProcess jgu = run("", Map.of(), "--check-config", "dev.jgu.testapps.Broken")) {
            assertEquals(1, jgu.awaitExit(jgu.bounds.boot()), jgu.err() + jgu.out());
            assertTrue((jgu.err() + jgu.out()).contains("database URL not configured"), jgu.err() + jgu.out());
        }
        try (JguProcess jgu = run("", Map.of(), "--check-config", "-k", "nosuch", "dev.jgu.examples.Hello")) {
            assertEquals(1, jgu.awaitExit(jgu.bounds.boot()), jgu.err() + jgu.out());
            assertTrue(jgu.err().contains("unknown worker class nosuch (available: ") && jgu.err().contains("sync"), jgu.err());
        }
    }
}
