package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The process tests' bounds come from the timeouts jgu was started with, read as jgu reads them. */
class BoundsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreJgusDefaults() {
        Bounds b = Bounds.of(dir, List.of("/opt/jgu/bin/jgu", "dev.jgu.testapps.Probe"), Map.of());
        assertEquals(new Bounds(30, 30), b);
        assertEquals(Duration.ofSeconds(250), b.boot(), "twice max(timeout, 120 s), plus the slack");
        assertEquals(Duration.ofSeconds(70), b.reload(), "graceful_timeout + timeout, plus the slack");
        assertEquals(Duration.ofSeconds(41), b.retire(), "graceful_timeout + 1 s, plus the slack");
        assertEquals(Duration.ofSeconds(40), b.stop());
    }

    @Test
    void commandLineWinsOverJguCmdArgsWhichWinsOverTheConfigFile() throws Exception {
        Files.writeString(dir.resolve("jgu.conf"), "workers = 2\ntimeout = 20  # comment\ngraceful_timeout = 10\n");
        assertEquals(new Bounds(20, 10), Bounds.of(dir, List.of("/opt/jgu/bin/jgu"), Map.of()));
        assertEquals(new Bounds(7, 10), Bounds.of(dir, List.of("/opt/jgu/bin/jgu"), Map.of("JGU_CMD_ARGS", "-w 3 -t 7")));
        assertEquals(new Bounds(4, 5), Bounds.of(dir, List.of("/opt/jgu/bin/jgu", "--timeout", "4", "--graceful-timeout=5"),
                Map.of("JGU_CMD_ARGS", "-t 7")));
    }

    @Test
    void readsTheConfigFileNamedWithDashC() throws Exception {
        Files.writeString(dir.resolve("other.conf"), "graceful_timeout = 3\n");
        Files.writeString(dir.resolve("jgu.conf"), "graceful_timeout = 99\n");
        assertEquals(new Bounds(30, 3), Bounds.of(dir, List.of("/opt/jgu/bin/jgu", "-c", "other.conf"), Map.of()));
    }

    @Test
    void aWrappersOwnOptionsBeforeTheLauncherAreNotJgus() {
        List<String> cmd = List.of("bash", "-c", "\"$@\" & wait $!", "bash", "/opt/jgu/bin/jgu", "-t", "2");
        assertEquals(new Bounds(2, 30), Bounds.of(dir, cmd, Map.of()));
    }

    @Test
    void shortTimeoutsStillGiveABootItsFloor() {
        Bounds b = new Bounds(2, 10);
        assertEquals(Duration.ofSeconds(250), b.boot(), "a booting worker gets at least 120 s");
        assertEquals(Duration.ofSeconds(14), b.hang(), "QUIT after 2 s, KILL 2 s later, plus the slack");
        assertEquals(Duration.ofSeconds(12), b.request());
    }

    @Test
    void readyPidsAreEachWorkersOwnLineNotOtherTransitions() {
        String log = """
                [INFO] spawned worker: worker=1 pid=101 generation=1
                [INFO] worker=1 pid=101 booting -> ready
                [INFO] worker=2 pid=102 booting -> retiring: TERM sent (superseded), KILL in 11000ms
                [INFO] worker=3 pid=103 booting -> ready
                [INFO] worker=3 pid=103 ready -> retiring: TERM sent (replaced by generation=2), KILL in 11000ms
                """;
        assertEquals(Set.of(101L, 103L), JguProcess.readyPids(log));
    }
}
