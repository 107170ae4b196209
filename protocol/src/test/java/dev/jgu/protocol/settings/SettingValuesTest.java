package dev.jgu.protocol.settings;

import dev.jgu.spi.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingValuesTest {

    @TempDir
    Path dir;

    private static Map<Setting<?>, Object> defaults() {
        Context context = new Context(Path.of("/srv"), Map.of());
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Registry.all().forEach(setting -> values.put(setting, setting.defaultFor(context)));
        return values;
    }

    private SettingValues roundTrip(Map<Setting<?>, Object> values) throws IOException {
        Path file = dir.resolve("settings.properties");
        SettingValues.of(values).write(file, "generation 1");
        return SettingValues.read(file);
    }

    @Test
    void everyDefaultReadsBackAsWritten() throws IOException {
        Map<Setting<?>, Object> values = defaults();
        SettingValues read = roundTrip(values);
        for (Setting<?> setting : Registry.all()) {
            assertEquals(values.get(setting), read.get(setting), setting.name());
        }
    }

    @Test
    void listsAndTablesReadBackExactlyWhateverTheirItemsHold() throws IOException {
        Map<Setting<?>, Object> values = defaults();
        List<String> opts = List.of("-XX:CompileCommand=quiet,exclude", "-Dpath=C:\\dir\\", "-Da=b=c", "");
        List<String> env = List.of("GREETING=hello, world", "EMPTY=");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Proto", "https");
        headers.put("X-A=B", "c,d\\");
        values.put(JvmSettings.JVM_OPTS, opts);
        values.put(MechanicsSettings.RAW_ENV, env);
        values.put(SecuritySettings.SECURE_SCHEME_HEADERS, headers);
        values.put(JvmSettings.CLASSPATH, List.of());
        SettingValues read = roundTrip(values);
        assertEquals(opts, read.get(JvmSettings.JVM_OPTS));
        assertEquals(env, read.get(MechanicsSettings.RAW_ENV));
        assertEquals(headers, read.get(SecuritySettings.SECURE_SCHEME_HEADERS));
        assertEquals(List.of("X-Proto", "X-A=B"), List.copyOf(read.get(SecuritySettings.SECURE_SCHEME_HEADERS).keySet()));
        assertEquals(List.of(), read.get(JvmSettings.CLASSPATH));
    }

    @Test
    void theViewByNameIsTheCanonicalText() throws IOException {
        Map<Setting<?>, Object> values = defaults();
        values.put(WorkerSettings.WORKERS, 3);
        values.put(MechanicsSettings.UMASK, 0022);
        Settings view = roundTrip(values);
        assertEquals("3", view.get("workers"));
        assertEquals("18", view.get("umask"));
        assertEquals("127.0.0.1,::1", view.get("forwarded_allow_ips"));
        assertEquals("X-FORWARDED-PROTOCOL=ssl,X-FORWARDED-PROTO=https,X-FORWARDED-SSL=on", view.get("secure_scheme_headers"));
        assertEquals(3, view.getInt("workers", 1));
        assertNull(view.get("hooks"));
        assertTrue(!view.names().contains("hooks") && view.names().contains("timeout"));
    }

    @Test
    void anUnsetSettingIsNullAndOneTheFileLacksIsItsDefault() throws IOException {
        Path file = dir.resolve("old.properties");
        Files.writeString(file, "workers=4\nsetting_of_a_newer_jgu=1\n");
        SettingValues read = SettingValues.read(file);
        assertEquals(4, read.get(WorkerSettings.WORKERS));
        assertEquals(30, read.get(WorkerSettings.TIMEOUT));
        assertNull(read.get(MechanicsSettings.HOOKS));
        assertNull(read.get("setting_of_a_newer_jgu"));
    }

    @Test
    void aValueThatDoesNotReadNamesTheSetting() throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "timeout=thirty\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingValues.read(file));
        assertTrue(e.getMessage().startsWith("timeout: cannot read \"thirty\" from " + file), e.getMessage());
        Files.writeString(file, "preload=yes\n");
        e = assertThrows(IllegalArgumentException.class, () -> SettingValues.read(file));
        assertTrue(e.getMessage().startsWith("preload: cannot read \"yes\""), e.getMessage());
    }

    @Test
    void onlyRegisteredSettingsAreRead() {
        Setting<Integer> stray = Setting.builder(Section.WORKER_PROCESSES, "stray", ValueType.integer(), declared -> { })
                .defaultValue(1).help("Not registered.").build();
        SettingValues values = SettingValues.of(Map.of(WorkerSettings.TIMEOUT, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> values.get(stray));
        assertEquals("setting stray is not in the registry", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SettingValues.of(Map.of(stray, 1)));
    }

    @Test
    void workerClassesGetTheValuesBehindTheirView() {
        SettingValues values = SettingValues.of(Map.of(WorkerSettings.TIMEOUT, 5));
        assertSame(values, SettingValues.from(values));
        assertThrows(IllegalArgumentException.class, () -> SettingValues.from(Settings.of(Map.of("timeout", "5"))));
    }
}
