package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A signal that was ignored when a process started stays ignored across exec, and the JVM installs no handler
 * for it: {@code nohup} ignores HUP, a non-interactive shell's {@code cmd &} ignores INT and QUIT. The launcher
 * restores the defaults, so jgu still reloads on HUP and stops on INT when started either way.
 */
class IgnoredSignalsIT {

    @TempDir
    Path dir;

    @Test
    void underNohupHupReloadsAndIntStops() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nohup", JguProcess.home().resolve("bin/jgu").toString()));
        cmd.addAll(args());
        try (JguProcess jgu = JguProcess.startCommand(dir, cmd, Map.of())) {
            jgu.listeners(1);
            Set<Long> first = jgu.awaitWorkers(1);
            assertFalse(jgu.err().contains("was ignored when jgu started"), jgu.err());
            jgu.signal("HUP");
            jgu.awaitLog("reload complete", 1, jgu.bounds.reload());
            JguProcess.await(() -> !jgu.workerPids().isEmpty() && jgu.workerPids().stream().noneMatch(first::contains),
                    jgu.bounds.retire(), () -> "a new worker in place of " + first + ", have " + jgu.workerPids());
            jgu.signal("INT");
            assertEquals(0, jgu.awaitExit(jgu.bounds.quickStop()), jgu.err());
        }
    }

    @Test
    void asABackgroundJobOfAScriptHupReloadsAndIntStops() throws Exception {
        Path pidfile = dir.resolve("jgu.pid");
        List<String> args = new ArrayList<>(args());
        args.addAll(List.of("-p", pidfile.toString()));
        // A script's `jgu &` (no job control): bash starts the job with INT and QUIT ignored; the arbiter is its child.
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "\"$@\" & wait $!", "bash",
                JguProcess.home().resolve("bin/jgu").toString()));
        cmd.addAll(args);
        try (JguProcess script = JguProcess.startCommand(dir, cmd, Map.of())) {
            script.listeners(1);
            JguProcess.await(() -> Files.exists(pidfile), script.bounds.react(), () -> "pidfile " + pidfile);
            long arbiter = Long.parseLong(Files.readString(pidfile).trim());
            JguProcess.awaitReadyChildren(arbiter, 1, script::log, script.bounds.boot());
            assertTrue(JguProcess.children(script.pid()).contains(arbiter), "the arbiter is the job itself");
            assertFalse(script.err().contains("was ignored when jgu started"), script.err());
            JguProcess.signal(arbiter, "HUP");
            script.awaitLog("reload complete", 1, script.bounds.reload());
            JguProcess.signal(arbiter, "INT");
            assertEquals(0, script.awaitExit(script.bounds.quickStop()), "the job's exit status\n" + script.err());
            assertTrue(script.err().contains("shutting down: mode=quick"), script.err());
            assertFalse(JguProcess.running(arbiter), "arbiter " + arbiter + " exited");
        }
    }

    private static List<String> args() {
        return List.of("--classpath", JguProcess.testApps().toString(), "-w", "1", "-b", "127.0.0.1:0", "dev.jgu.testapps.Probe");
    }
}
