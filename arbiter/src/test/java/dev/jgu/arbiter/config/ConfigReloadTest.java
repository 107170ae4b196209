package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.WorkerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** HUP: re-read jgu.conf, keep the environment and the command line as at start. */
class ConfigReloadTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private void conf(String toml) throws IOException {
        Files.writeString(dir.resolve("jgu.conf"), toml);
    }

    @Test
    void reloadRereadsTheFileAndKeepsTheOtherLayers() throws IOException, ConfigException {
        conf("workers = 2\ntimeout = 40\n");
        env.put("JGU_CMD_ARGS", "--keep-alive 7");
        Config start = CliRun.of(dir, env, "-t", "10", "com.example.App").config();
        conf("workers = 5\ntimeout = 50\nkeepalive = 1\n");
        env.put("JGU_CMD_ARGS", "--keep-alive 9");
        Config reloaded = start.reload();
        assertEquals(5, reloaded.get(WorkerSettings.WORKERS));
        assertEquals("jgu.conf:1", reloaded.sourceOf(WorkerSettings.WORKERS));
        assertEquals(10, reloaded.get(WorkerSettings.TIMEOUT));
        assertEquals(7, reloaded.get(WorkerSettings.KEEPALIVE));
        assertEquals(2, start.get(WorkerSettings.WORKERS));
    }

    @Test
    void aBadFileOnReloadIsReportedWithItsLine() throws IOException {
        conf("workers = 2\n");
        Config start = CliRun.of(dir, env, "com.example.App").config();
        conf("workers = 2\nworkers_count = 3\n");
        ConfigException e = assertThrows(ConfigException.class, start::reload);
        assertEquals("jgu.conf:2: unknown setting \"workers_count\", did you mean workers?", e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void aFileNamedWithDashCMustStillExistOnReload() throws IOException {
        Files.writeString(dir.resolve("app.toml"), "workers = 2\n");
        Config start = CliRun.of(dir, env, "-c", "app.toml", "com.example.App").config();
        Files.delete(dir.resolve("app.toml"));
        ConfigException e = assertThrows(ConfigException.class, start::reload);
        assertEquals("config: must be an existing file, got \"" + dir.resolve("app.toml") + "\" (cli)", e.getMessage());
    }

    @Test
    void aDefaultFileCreatedAfterStartIsReadOnReload() throws IOException, ConfigException {
        Config start = CliRun.of(dir, env, "com.example.App").config();
        conf("workers = 4\n");
        assertEquals(4, start.reload().get(WorkerSettings.WORKERS));
    }

    @Test
    void pendingSettingsAreRefusedOnReloadToo() throws IOException {
        conf("workers = 2\n");
        Config start = CliRun.of(dir, env, "com.example.App").config();
        conf("workers = 2\nreuse_port = true\n");
        ConfigException e = assertThrows(ConfigException.class, start::reload);
        assertEquals("reuse_port: not yet supported in this version of jgu (SO_REUSEPORT listeners), set in jgu.conf:2", e.getMessage());
    }

    @Test
    void restartOnlyChangesListsWhatAHupCannotApply() throws IOException, ConfigException {
        conf("workers = 2\nbind = \"127.0.0.1:7000\"\npidfile = \"a.pid\"\n");
        Config start = CliRun.of(dir, env, "com.example.App").config();
        conf("workers = 3\nbind = \"127.0.0.1:7001\"\npidfile = \"b.pid\"\n");
        Config reloaded = start.reload();
        assertEquals(List.of("bind", "pidfile"), start.restartOnlyChanges(reloaded));
        assertEquals(List.of(), start.restartOnlyChanges(start));
    }
}
