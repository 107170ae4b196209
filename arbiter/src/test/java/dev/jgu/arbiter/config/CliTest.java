package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.Context;
import dev.jgu.protocol.settings.ControlSettings;
import dev.jgu.protocol.settings.JvmSettings;
import dev.jgu.protocol.settings.MechanicsSettings;
import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Section;
import dev.jgu.protocol.settings.SecuritySettings;
import dev.jgu.protocol.settings.Setting;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    private static final String APP = HelloApp.class.getName();

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private CliRun run(String... args) {
        return CliRun.of(dir, env, args);
    }

    private void conf(String toml) throws IOException {
        Files.writeString(dir.resolve("jgu.conf"), toml);
    }

    @Test
    void helpShowsEveryOptionGroupedBySectionWithDefaults() {
        CliRun run = run("--help");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("Usage: jgu [OPTIONS] APP"), run.out());
        int last = -1;
        for (Section section : Section.values()) {
            int at = run.out().indexOf("\n" + section.title() + ":\n");
            assertTrue(at > last, section.title());
            last = at;
        }
        for (Setting<?> setting : Registry.all()) {
            for (String flag : setting.flags()) {
                assertTrue(run.out().contains(flag), flag);
            }
        }
        assertTrue(run.out().contains("[APP]"));
        assertTrue(run.out().contains("Default: 30"));
        assertTrue(run.out().contains("In jgu.conf: keepalive"));
        assertTrue(run.out().contains("%(h)s"), "a % in help must not be read as a format");
    }

    @Test
    void versionNamesJguAndTheJvm() {
        CliRun run = run("--version");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("jgu "), run.out());
        assertTrue(run.out().contains(System.getProperty("java.version")), run.out());
        assertTrue(run.out().contains(System.getProperty("java.vm.name")), run.out());
    }

    @Test
    void unknownOptionIsPicocliMessageAndExit2() {
        CliRun run = run("--wokers", "3", APP);
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Unknown option"), run.err());
        assertTrue(run.err().contains("jgu --help"), run.err());
        assertEquals(2, run("-w").code());
    }

    @Test
    void missingAppIsExit2() {
        CliRun run = run("-w", "2");
        assertEquals(2, run.code());
        assertEquals(Cli.NO_APP + "\n", run.err());
    }

    @Test
    void badValuesOnTheCommandLineNameTheSource() {
        CliRun run = run("-w", "0", "--timeout", "soon", APP);
        assertEquals(2, run.code());
        assertEquals("workers: must be >= 1, got 0 (cli)\ntimeout: expected an integer, got \"soon\" (cli)\n", run.err());
    }

    @Test
    void badConfigFileIsExit2WithTheLine() throws IOException {
        conf("workers = 2\n\ngracefull_timeout = 5\n");
        CliRun unknown = run(APP);
        assertEquals(2, unknown.code());
        assertEquals("jgu.conf:3: unknown setting \"gracefull_timeout\", did you mean graceful_timeout?\n", unknown.err());

        conf("# workers\nworkers = \"four\"\n");
        CliRun wrongType = run(APP);
        assertEquals(2, wrongType.code());
        assertEquals("workers: expected an integer, got \"four\" (jgu.conf:2)\n", wrongType.err());

        conf("\n\n\n\n\n\nworkers = 0\n");
        CliRun outOfRange = run(APP);
        assertEquals(2, outOfRange.code());
        assertEquals("workers: must be >= 1, got 0 (jgu.conf:7)\n", outOfRange.err());
    }

    @Test
    void missingConfigFileIsExit2() {
        CliRun run = run("-c", "nope.conf", APP);
        assertEquals(2, run.code());
        assertEquals("config: must be an existing file, got \"" + dir.resolve("nope.conf") + "\" (cli)\n", run.err());
    }

    @Test
    void cmdArgsAreParsedLikeTheCommandLine() {
        env.put("JGU_CMD_ARGS", "-w 3 --env 'GREETING=hello world' --jvm-opt=-Dx=1");
        Config config = run(APP).config();
        assertEquals(3, config.get(WorkerSettings.WORKERS));
        assertEquals(List.of("GREETING=hello world"), config.get(MechanicsSettings.RAW_ENV));
        assertEquals(List.of("-Dx=1"), config.get(JvmSettings.JVM_OPTS));
        assertEquals("env", config.sourceOf(MechanicsSettings.RAW_ENV));
    }

    @Test
    void cmdArgsErrorsSaySo() {
        env.put("JGU_CMD_ARGS", "--bogus");
        CliRun run = run(APP);
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("JGU_CMD_ARGS: Unknown option: '--bogus'"), run.err());
        env.put("JGU_CMD_ARGS", "-w 0");
        assertEquals("workers: must be >= 1, got 0 (JGU_CMD_ARGS)\n", run(APP).err());
        env.put("JGU_CMD_ARGS", "-e 'x");
        assertEquals("JGU_CMD_ARGS: unterminated ' quote\n", run(APP).err());
    }

    @Test
    void badEnvironmentDefaultNamesTheVariable() {
        env.put("WEB_CONCURRENCY", "lots");
        CliRun run = run(APP);
        assertEquals(2, run.code());
        assertEquals("workers: expected an integer, got \"lots\" (env WEB_CONCURRENCY)\n", run.err());
    }

    @Test
    void aBadAliasValueNamesTheVariableOrTheProperty() {
        env.put("JGU_AOT", "sometimes");
        CliRun run = run(APP);
        assertEquals(2, run.code());
        assertEquals("aot: expected one of auto, train, off, got \"sometimes\" (env JGU_AOT)\n", run.err());
        env.remove("JGU_AOT");
        run = run("--jvm-opt=-Djgu.async.loops=-1", APP);
        assertEquals(2, run.code());
        assertEquals("async_loops: must be >= 0, got -1 (jvm_opts -Djgu.async.loops, cli)\n", run.err());
    }

    @Test
    void jvmOptionsMayLookLikeJguOptions() {
        Config config = run("--jvm-opt", "-Dfoo=bar", "--jvm-opt=-w", "--jvm-opt", "-Xmx64m", "-w", "2", APP).config();
        assertEquals(List.of("-Dfoo=bar", "-w", "-Xmx64m"), config.get(JvmSettings.JVM_OPTS));
        assertEquals(2, config.get(WorkerSettings.WORKERS));
    }

    @Test
    void optionalArgumentAloneMeansItsFallback() {
        assertEquals("auto", run("--proxy-protocol", "-w", "2", APP).config().get(SecuritySettings.PROXY_PROTOCOL));
        assertEquals("v2", run("--proxy-protocol=V2", APP).config().get(SecuritySettings.PROXY_PROTOCOL));
    }

    @Test
    void flagsSetTheirValue() {
        Config config = run("--preload", "--permit-obsolete-folding", "--no-control-socket", APP).config();
        assertEquals(true, config.get(MechanicsSettings.PRELOAD));
        assertEquals(true, config.get(SecuritySettings.PERMIT_OBSOLETE_FOLDING));
        assertEquals(true, config.get(ControlSettings.CONTROL_SOCKET_DISABLE));
        assertEquals(false, config.get(MechanicsSettings.DAEMON));
    }

    @Test
    void pendingSettingIsRefusedOnceSetAwayFromItsDefault() throws IOException {
        CliRun reusePort = run("--reuse-port", APP);
        assertEquals(2, reusePort.code());
        assertEquals("reuse_port: not yet supported in this version of jgu (SO_REUSEPORT listeners), set in cli\n", reusePort.err());

        CliRun sendfile = run("--no-sendfile", APP);
        assertTrue(sendfile.err().startsWith("sendfile: not yet supported in this version of jgu (sendfile control)"), sendfile.err());

        conf("reuse_port = false\nreload = true\n");
        CliRun reload = run(APP);
        assertEquals(2, reload.code());
        assertEquals("reload: not yet supported in this version of jgu (code reload), set in jgu.conf:2\n", reload.err());
    }

    @Test
    void pendingSettingsAreStillValidated() {
        CliRun run = run("-m", "0o1777", APP);
        assertEquals("umask: must be between 0o0 and 0o777, got 0o1777 (cli)\n", run.err());
    }

    @Test
    void printConfigShowsEachValueAndItsSource() throws IOException {
        conf("workers = 2\ntimeout = 40\n");
        env.put("WEB_CONCURRENCY", "5");
        env.put("JGU_CMD_ARGS", "-w 3 --graceful-timeout 50");
        CliRun run = run("--print-config", "-w", "4", APP);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("\nworkers = 4 "), run.out());
        assertTrue(line(run.out(), "workers = ").endsWith("# cli"), run.out());
        assertTrue(line(run.out(), "timeout = ").endsWith("# jgu.conf:2"), run.out());
        assertTrue(line(run.out(), "graceful_timeout = ").endsWith("# env"), run.out());
        assertTrue(line(run.out(), "keepalive = ").endsWith("# default"), run.out());
        assertTrue(line(run.out(), "# pidfile is unset").endsWith("# default"), run.out());
        assertTrue(run.out().contains("app = \"" + APP + "\""), run.out());
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + text));
    }

    @Test
    void printConfigIsItselfAcceptedAsJguConf() throws ConfigException {
        CliRun run = run("--print-config", "-w", "3", "--secure-scheme-header", "X-Proto=https", APP);
        String withoutConfig = run.out().lines().filter(l -> !l.startsWith("config =")).reduce("", (a, b) -> a + b + "\n");
        Layer layer = ConfigFile.parse(withoutConfig, "printed", new Context(dir, env));
        assertEquals(3, layer.get(WorkerSettings.WORKERS).value());
        assertEquals(Map.of("X-Proto", "https"), layer.get(SecuritySettings.SECURE_SCHEME_HEADERS).value());
    }

    @Test
    void printConfigNeedsNoApp() {
        CliRun run = run("--print-config");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("# app is unset"), run.out());
    }

    @Test
    void checkConfigLoadsTheApp() {
        CliRun ok = run("--check-config", APP);
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("check-config: ok"), ok.out());

        CliRun missing = run("--check-config", "com.example.Missing");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("com.example.Missing") && missing.err().contains("not found"), missing.err());

        CliRun notAnApp = run("--check-config", String.class.getName());
        assertEquals(1, notAnApp.code());
        assertTrue(notAnApp.err().contains("does not implement dev.jgu.spi.App"), notAnApp.err());
    }

    @Test
    void checkConfigExits1ForAnyConfigurationProblem() throws IOException {
        assertEquals(1, run("--check-config").code());
        assertEquals(1, run("--check-config", "-w", "0", APP).code());
        conf("workers = 0\n");
        CliRun run = run("--check-config", APP);
        assertEquals(1, run.code());
        assertEquals("workers: must be >= 1, got 0 (jgu.conf:1)\n", run.err());
    }

    @Test
    void checkConfigUsesTheClasspathRelativeToTheStartDirectory() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        CliRun run = run("--check-config", "--classpath", "empty", APP);
        assertEquals(0, run.code(), run.err());
        CliRun missing = run("--check-config", "--classpath", "nope", APP);
        assertEquals(1, missing.code());
        assertEquals("classpath: must be an existing directory or jar, got \"nope\" (cli)\n", missing.err());
    }

    @Test
    void workerSettingsAreCanonicalText() {
        Config config = run("-w", "3", "--preload", "-b", "127.0.0.1:1", "-b", "unix:/tmp/x.sock",
                "--secure-scheme-header", "X-Proto=https", "--secure-scheme-header", "X-Ssl=on", APP).config();
        Settings text = config.values();
        assertEquals("3", text.get("workers"));
        assertEquals("true", text.get("preload"));
        assertEquals("127.0.0.1:1,unix:/tmp/x.sock", text.get("bind"));
        assertEquals("X-Proto=https,X-Ssl=on", text.get("secure_scheme_headers"));
        assertEquals("0", text.get("umask"));
        assertEquals(APP, text.get("app"));
        assertFalse(text.names().contains("pidfile"));
        assertEquals(text.getMap("secure_scheme_headers"), Map.of("X-Proto", "https", "X-Ssl", "on"));
    }
}
