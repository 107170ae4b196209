package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.Context;
import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Setting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code docs/settings.md} and {@code etc/jgu.conf} are generated: they must
 * match the registry. Run with {@code -Djgu.regenerate=true} to rewrite them.
 */
class SettingsDocTest {

    private static Path root() throws IOException {
        String configured = System.getProperty("jgu.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "arbiter", "pom.xml"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("arbiter/pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IOException("cannot find the repository root: set -Djgu.root");
    }

    private static void assertCurrent(String relative, String expected) throws IOException {
        Path file = root().resolve(relative);
        if (Boolean.getBoolean("jgu.regenerate")) {
            SettingsDoc.write(root());
        }
        String committed = Files.isRegularFile(file) ? Files.readString(file) : "";
        if (!committed.equals(expected)) {
            fail(relative + " is stale (" + firstDifference(committed, expected) + "); regenerate it with\n  " + SettingsDoc.REGENERATE);
        }
    }

    private static String firstDifference(String committed, String expected) {
        List<String> have = committed.lines().toList();
        List<String> want = expected.lines().toList();
        for (int i = 0; i < Math.max(have.size(), want.size()); i++) {
            String h = i < have.size() ? have.get(i) : "<end of file>";
            String w = i < want.size() ? want.get(i) : "<end of file>";
            if (!h.equals(w)) {
                return "line " + (i + 1) + " is\n  " + h + "\nbut the registry gives\n  " + w + "\n";
            }
        }
        return "line endings differ";
    }

    @Test
    void settingsMarkdownIsCurrent() throws IOException {
        assertCurrent("docs/settings.md", SettingsDoc.markdown());
    }

    @Test
    void sampleConfigIsCurrent() throws IOException {
        assertCurrent("etc/jgu.conf", SampleConfig.text());
    }

    @Test
    void everySettingIsDocumentedAndInTheSample() {
        String markdown = SettingsDoc.markdown();
        String sample = SampleConfig.text();
        for (Setting<?> setting : Registry.all()) {
            assertTrue(markdown.contains("\n### `" + setting.name() + "`\n"), setting.name());
            assertEquals(setting.fileKey(), sample.contains("\n# " + setting.name() + " = "), setting.name());
        }
    }

    @Test
    void sampleParsesAsItIs() throws ConfigException {
        Layer layer = ConfigFile.parse(SampleConfig.text(), "jgu.conf", new Context(Path.of(""), Map.of()));
        assertEquals(Map.of(), layer.entries());
    }

    @Test
    void sampleParsesWithEverySettingUncommented() throws ConfigException {
        String uncommented = SampleConfig.text().replaceAll("(?m)^# ([a-z_]+ = )", "$1");
        Layer layer = ConfigFile.parse(uncommented, "jgu.conf", new Context(Path.of(""), Map.of(), false));
        List<String> lines = uncommented.lines().toList();
        for (Setting<?> setting : Registry.all()) {
            if (setting.fileKey()) {
                assertNotNull(layer.get(setting), setting.name());
                int line = lines.indexOf(lines.stream().filter(l -> l.startsWith(setting.name() + " = ")).findFirst().orElseThrow()) + 1;
                assertEquals("jgu.conf:" + line, layer.get(setting).source().label(), setting.name());
            }
        }
    }
}
