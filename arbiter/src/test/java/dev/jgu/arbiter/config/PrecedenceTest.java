package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.JvmSettings;
import dev.jgu.protocol.settings.MechanicsSettings;
import dev.jgu.protocol.settings.SecuritySettings;
import dev.jgu.protocol.settings.ServerSocketSettings;
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
import static org.junit.jupiter.api.Assertions.assertNull;

/** defaults < -D in jvm_opts < environment defaults < jgu.conf < JGU_CMD_ARGS < command line. */
class PrecedenceTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Config run(String... args) {
        return CliRun.of(dir, env, args).config();
    }

    private void conf(String toml) throws IOException {
        Files.writeString(dir.resolve("jgu.conf"), toml);
    }

    @Test
    void defaultsWhenNothingIsSet() {
        Config config = run("com.example.App");
        assertEquals(1, config.get(WorkerSettings.WORKERS));
        assertEquals("default", config.sourceOf(WorkerSettings.WORKERS));
        assertEquals(List.of("127.0.0.1:8000"), config.get(ServerSocketSettings.BIND));
        assertEquals(dir.toString(), config.get(MechanicsSettings.CHDIR));
        assertNull(config.get(MechanicsSettings.PIDFILE));
        assertNull(config.configFile());
    }

    @Test
    void environmentDefaultsAsInGunicorn() {
        env.put("PORT", "5000");
        env.put("WEB_CONCURRENCY", "5");
        env.put("FORWARDED_ALLOW_IPS", "10.0.0.0/8,127.0.0.1");
        Config config = run("com.example.App");
        assertEquals(List.of("0.0.0.0:5000"), config.get(ServerSocketSettings.BIND));
        assertEquals(5, config.get(WorkerSettings.WORKERS));
        assertEquals(List.of("10.0.0.0/8", "127.0.0.1"), config.get(SecuritySettings.FORWARDED_ALLOW_IPS));
        assertEquals("env", config.sourceOf(ServerSocketSettings.BIND));
        assertEquals("env", config.sourceOf(WorkerSettings.WORKERS));
    }

    @Test
    void configFileBeatsEnvironmentDefaults() throws IOException {
        env.put("PORT", "5000");
        env.put("WEB_CONCURRENCY", "5");
        conf("workers = 2\nbind = \"127.0.0.1:7000\"\n");
        Config config = run("com.example.App");
        assertEquals(2, config.get(WorkerSettings.WORKERS));
        assertEquals("jgu.conf:1", config.sourceOf(WorkerSettings.WORKERS));
        assertEquals(List.of("127.0.0.1:7000"), config.get(ServerSocketSettings.BIND));
        assertEquals(dir.resolve("jgu.conf"), config.configFile());
    }

    @Test
    void cmdArgsBeatConfigFile() throws IOException {
        conf("workers = 2\ntimeout = 40\n");
        env.put("JGU_CMD_ARGS", "-w 3");
        Config config = run("com.example.App");
        assertEquals(3, config.get(WorkerSettings.WORKERS));
        assertEquals("env", config.sourceOf(WorkerSettings.WORKERS));
        assertEquals(40, config.get(WorkerSettings.TIMEOUT));
    }

    @Test
    void commandLineBeatsEverything() throws IOException {
        conf("workers = 2\n");
        env.put("WEB_CONCURRENCY", "5");
        env.put("JGU_CMD_ARGS", "--workers 3");
        Config config = run("-w", "4", "com.example.App");
        assertEquals(4, config.get(WorkerSettings.WORKERS));
        assertEquals("cli", config.sourceOf(WorkerSettings.WORKERS));
    }

    @Test
    void aHigherLayerReplacesAListRatherThanAddingToIt() throws IOException {
        conf("bind = [\"127.0.0.1:7000\", \"unix:/tmp/a.sock\"]\n");
        Config config = run("-b", "127.0.0.1:9000", "com.example.App");
        assertEquals(List.of("127.0.0.1:9000"), config.get(ServerSocketSettings.BIND));
    }

    @Test
    void repeatedOptionsAddUpForListsAndLastWinsForScalars() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("classes"));
        Config config = run("-w", "2", "-w", "3", "--classpath", "lib/*:classes", "--classpath", "lib",
                "-b", "127.0.0.1:1", "--bind=[::1]:2", "com.example.App");
        assertEquals(3, config.get(WorkerSettings.WORKERS));
        assertEquals(List.of("lib/*", "classes", "lib"), config.get(JvmSettings.CLASSPATH));
        assertEquals(List.of("127.0.0.1:1", "[::1]:2"), config.get(ServerSocketSettings.BIND));
    }

    @Test
    void configFileComesFromDashCOnTheCommandLineThenInCmdArgs() throws IOException {
        Files.writeString(dir.resolve("a.toml"), "workers = 6\n");
        Files.writeString(dir.resolve("b.toml"), "workers = 7\n");
        conf("workers = 2\n");
        env.put("JGU_CMD_ARGS", "-c b.toml");
        assertEquals(7, run("com.example.App").get(WorkerSettings.WORKERS));
        Config config = run("-c", "a.toml", "com.example.App");
        assertEquals(6, config.get(WorkerSettings.WORKERS));
        assertEquals("a.toml:1", config.sourceOf(WorkerSettings.WORKERS));
        assertEquals(dir.resolve("a.toml"), config.configFile());
    }

    @Test
    void appComesFromTheFileWhenNotGiven() throws IOException {
        conf("app = \"com.example.App::create\"\n");
        assertEquals("com.example.App::create", run().app());
        assertEquals("com.example.Other", run("com.example.Other").app());
    }

    @Test
    void theAotVariablesAreDefaultsOfTheAotSettings() throws IOException {
        env.put("JGU_AOT", "TRAIN");
        env.put("JGU_AOT_DIR", "/var/cache/jgu");
        Config config = run("com.example.App");
        assertEquals("train", config.get(JvmSettings.AOT));
        assertEquals("env", config.sourceOf(JvmSettings.AOT));
        assertEquals("/var/cache/jgu", config.get(JvmSettings.AOT_DIR));
        conf("aot = \"off\"\n");
        assertEquals("off", run("com.example.App").get(JvmSettings.AOT));
    }

    @Test
    void aWorkerPropertyInJvmOptsIsADefaultOfItsSetting() throws IOException {
        Config config = run("--jvm-opt=-Djgu.async.loops=2", "--jvm-opt=-Djgu.async.loops=3",
                "--jvm-opt=-Djgu.async.defaultScheduler=true", "com.example.App");
        assertEquals(3, config.get(WorkerSettings.ASYNC_LOOPS), "the last occurrence, as in the JVM");
        assertEquals("cli", config.sourceOf(WorkerSettings.ASYNC_LOOPS));
        assertEquals(true, config.get(WorkerSettings.ASYNC_DEFAULT_SCHEDULER));
        assertEquals(0, run("--jvm-opt=-Djgu.async.loopsX=4", "com.example.App").get(WorkerSettings.ASYNC_LOOPS));
        assertEquals(0, run("--async-loops", "0", "--jvm-opt=-Djgu.async.loops=4", "com.example.App")
                .get(WorkerSettings.ASYNC_LOOPS), "the setting wins over the property");
        conf("async_loops = 1\njvm_opts = [\"-Djgu.async.loops=4\"]\n");
        assertEquals(1, run("com.example.App").get(WorkerSettings.ASYNC_LOOPS));
    }
}
