package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hooks class sees the server's life in the right processes, and a throwing hook breaks nothing. */
class HooksIT {

    @TempDir
    Path dir;

    @Test
    void hooksRunInArbiterAndWorkersAndAFailingHookIsOnlyLogged() throws Exception {
        Path hooksLog = dir.resolve("hooks.log");
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "--hooks", "dev.jgu.testapps.RecordingHooks",
                "dev.jgu.testapps.Probe"), Map.of("JGU_HOOKS_LOG", hooksLog.toString()))) {
            String address = jgu.listeners(1).get(0);
            long worker = jgu.awaitWorkers(1).iterator().next();
            await(hooksLog, "hook=when_ready workers=1", jgu.bounds.react());
            assertEquals(200, HttpProbe.get(address, "/hello").status());
            await(hooksLog, "hook=post_request path=/hello status=200 pid=" + worker, jgu.bounds.react());
            assertEquals(200, HttpProbe.get(address, "/hook-throws").status(), "a throwing pre_request hook does not fail the request");
            jgu.awaitLog("hook failed: hook=pre_request", 1, jgu.bounds.react());
            jgu.signal("HUP");
            await(hooksLog, "hook=on_reload", jgu.bounds.react());
            jgu.awaitLog("reload complete", 1, jgu.bounds.reload());
            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            String log = Files.readString(hooksLog);
            long arbiter = jgu.pid();
            for (String line : List.of("hook=on_starting pid=" + arbiter, "hook=pre_spawn worker=1 pid=" + arbiter,
                    "hook=post_spawn worker=1 pid=" + worker, "hook=post_worker_init worker=1 pid=" + worker,
                    "hook=pre_request path=/hello pid=" + worker, "hook=nworkers_changed new=1 old=0 pid=" + arbiter,
                    "hook=worker_exit worker=1 pid=" + worker, "hook=child_exit worker=1 code=0 pid=" + arbiter,
                    "hook=on_exit pid=" + arbiter)) {
                assertTrue(log.contains(line), "missing '" + line + "' in:\n" + log);
            }
        }
    }

    private static void await(Path file, String text, Duration bound) {
        JguProcess.await(() -> {
            try {
                return Files.exists(file) && Files.readString(file).contains(text);
            } catch (java.io.IOException e) {
                return false;
            }
        }, bound, () -> "'" + text + "' in " + file);
    }
}
