package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.Context;
import dev.jgu.protocol.settings.MechanicsSettings;
import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.SecuritySettings;
import dev.jgu.protocol.settings.ServerSocketSettings;
import dev.jgu.protocol.settings.Setting;
import dev.jgu.protocol.settings.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {

    private static final Context HERE = new Context(Path.of(""), Map.of());

    private static Layer parse(String toml) throws ConfigException {
        return ConfigFile.parse(toml, "jgu.conf", HERE);
    }

    private static List<String> problems(String toml) {
        return assertThrows(ConfigException.class, () -> parse(toml)).problems();
    }

    @Test
    void readsValuesWithTheirLines() throws ConfigException {
        Layer layer = parse("""
                # sample
                workers = 3
                bind = ["127.0.0.1:9000",
                        "unix:/run/app.sock"]
                app = "com.example.App"
                """);
        assertEquals(new Layer.Entry(3, Source.file("jgu.conf", 2)), layer.get(WorkerSettings.WORKERS));
        assertEquals(List.of("127.0.0.1:9000", "unix:/run/app.sock"), layer.get(ServerSocketSettings.BIND).value());
        assertEquals("jgu.conf:5", layer.get(MechanicsSettings.APP).source().label());
    }

    @Test
    void unknownKeyNamesTheNearestSetting() {
        assertEquals(List.of("jgu.conf:3: unknown setting \"gracefull_timeout\", did you mean graceful_timeout?"),
                problems("workers = 2\n\ngracefull_timeout = 10\n"));
        assertEquals(List.of("jgu.conf:1: unknown setting \"xyzzy\""), problems("xyzzy = 1\n"));
    }

    @Test
    void wrongTypeNamesSettingValueExpectationAndLine() {
        assertEquals(List.of("workers: expected an integer, got \"four\" (jgu.conf:2)"), problems("# c\nworkers = \"four\"\n"));
        assertEquals(List.of("preload: expected true or false, got \"yes\" (jgu.conf:1)"), problems("preload = \"yes\"\n"));
        assertEquals(List.of("bind: expected an array of strings, got [8000] (jgu.conf:1)"), problems("bind = [8000]\n"));
    }

    @Test
    void outOfRangeNamesSettingValueExpectationAndLine() {
        assertEquals(List.of("workers: must be >= 1, got 0 (jgu.conf:7)"), problems("\n\n\n\n\n\nworkers = 0\n"));
        assertEquals(List.of("limit_request_line: must be between 0 and 8190, got 9000 (jgu.conf:1)"),
                problems("limit_request_line = 9000\n"));
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        List<String> problems = problems("workers = 0\ntimeout = -1\nbogus_key = 1\n");
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void invalidTomlNamesTheParsersLine() {
        List<String> problems = problems("workers = 2\nbind = \n");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("jgu.conf:2: invalid TOML: "), problems.get(0));
        assertTrue(problems("workers = four\n").get(0).startsWith("jgu.conf:1: invalid TOML"));
        assertEquals(List.of("jgu.conf:3: invalid TOML: Duplicate key"), problems("workers = 1\n\nworkers = 2\n"));
    }

    @Test
    void configCannotNameItself() {
        assertEquals(List.of("jgu.conf:1: config cannot be set in a config file; give it on the command line or in JGU_CMD_ARGS"),
                problems("config = \"other.conf\"\n"));
    }

    @Test
    void conveniencesForListsTablesAndUmask() throws ConfigException {
        Layer layer = parse("""
                bind = "0.0.0.0:80"
                forwarded_allow_ips = "10.0.0.1, 10.0.0.0/8"
                umask = "022"
                [secure_scheme_headers]
                X-Forwarded-Proto = "https"
                """);
        assertEquals(List.of("0.0.0.0:80"), layer.get(ServerSocketSettings.BIND).value());
        assertEquals(List.of("10.0.0.1", "10.0.0.0/8"), layer.get(SecuritySettings.FORWARDED_ALLOW_IPS).value());
        assertEquals(0022, layer.get(MechanicsSettings.UMASK).value());
        assertEquals(Map.of("X-Forwarded-Proto", "https"), layer.get(SecuritySettings.SECURE_SCHEME_HEADERS).value());
        assertEquals("jgu.conf:4", layer.get(SecuritySettings.SECURE_SCHEME_HEADERS).source().label());
    }

    @Test
    void everySettingAFileMayHoldIsAcceptedAtItsExampleValue() throws ConfigException {
        Context elsewhere = new Context(Path.of(""), Map.of(), false);
        for (Setting<?> setting : Registry.all()) {
            if (!setting.fileKey()) {
                continue;
            }
            String line = setting.name() + " = " + setting.exampleToml();
            Layer layer = ConfigFile.parse(line + "\n", "jgu.conf", elsewhere);
            assertNotNull(layer.get(setting), line);
            assertEquals("jgu.conf:1", layer.get(setting).source().label(), line);
        }
    }
}
