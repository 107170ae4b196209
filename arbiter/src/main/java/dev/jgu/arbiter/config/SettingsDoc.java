package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Section;
import dev.jgu.protocol.settings.Setting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes {@code docs/settings.md} and {@code etc/jgu.conf} from the registry.
 * {@code SettingsDocTest} fails when the committed files differ from what
 * this would write.
 */
public final class SettingsDoc {

    static final String REGENERATE = "mvn -B -q -ntp -pl arbiter -am test -Dtest=SettingsDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Djgu.regenerate=true";

    private SettingsDoc() {
    }

    /**
     * @param args the repository root; the current directory when absent
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "");
        write(root);
        System.out.println("wrote " + root.resolve("docs/settings.md") + " and " + root.resolve("etc/jgu.conf"));
    }

    static void write(Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("docs/settings.md"), markdown());
        Files.writeString(root.resolve("etc/jgu.conf"), SampleConfig.text());
    }

    static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # jgu settings

                <!-- Generated from the settings registry (dev.jgu.protocol.settings) by SettingsDoc; do not edit.
                     Regenerate: %s -->

                Every setting is declared once, in `dev.jgu.protocol.settings`, and this page, `jgu --help`, \
                the sample `etc/jgu.conf`, `--print-config` and what the workers read all come from \
                that declaration.

                * **Where settings come from**, lowest to highest: built-in defaults, defaults from \
                `-D` properties in `jvm_opts` (%s), defaults from the environment (%s), `jgu.conf`, \
                `JGU_CMD_ARGS` (options as on the command line, split like a shell would), the command line.
                * **`jgu.conf`** is TOML: `-c PATH`, else `./jgu.conf` when present. Keys are the \
                snake_case names below; `app = "com.example.App"` names the app.
                * **Errors** name the setting, the value, what was expected and where the value came \
                from, then jgu exits with status 2 without starting: `workers: must be >= 1, got 0 (jgu.conf:7)`.
                * **HUP** re-reads `jgu.conf`. A setting marked *restart* keeps its running value until \
                jgu restarts (the log says which changed); a file that no longer reads is reported and \
                the running configuration kept.
                * **Not yet supported** settings are accepted and checked, so configurations can be \
                written now, but a value other than the default stops jgu with status 2 until the \
                feature lands.

                """.formatted(REGENERATE, aliases(Setting::jvmProperty, "`-D%s` sets `%s`"),
                aliases(Setting::envVar, "`%s` sets `%s`")));
        for (Section section : Section.values()) {
            out.append("* [").append(section.title()).append("](#").append(anchor(section.title())).append("): ")
                    .append(settingsOf(section).stream().map(s -> "`" + s.name() + "`").collect(Collectors.joining(", ")))
                    .append('\n');
        }
        for (Section section : Section.values()) {
            out.append("\n## ").append(section.title()).append("\n\n").append(section.summary()).append('\n');
            for (Setting<?> setting : settingsOf(section)) {
                entry(setting, out);
            }
        }
        return out.toString();
    }

    private static void entry(Setting<?> setting, StringBuilder out) {
        out.append("\n### `").append(setting.name()).append("`\n\n").append(setting.help()).append("\n\n");
        out.append("| | |\n| --- | --- |\n");
        row(out, "Command line", commandLine(setting));
        String example = setting.exampleToml();
        row(out, "jgu.conf", !setting.fileKey() ? "not allowed: command line and `JGU_CMD_ARGS` only"
                : example == null ? "`" + setting.name() + " = ...`" : "`" + setting.name() + " = " + example + "`");
        row(out, "Type", setting.typeName());
        row(out, "Default", defaultCell(setting));
        row(out, "On HUP", setting.reloadable() ? "reloaded" : "restart");
        row(out, "Status", setting.pending() == null ? "supported" : "**not yet supported** (" + setting.pending() + ")");
        if (!setting.doc().isEmpty()) {
            out.append('\n').append(setting.doc()).append('\n');
        }
    }

    private static String commandLine(Setting<?> setting) {
        if (setting.positional()) {
            return "`" + setting.label() + "` (the last argument)";
        }
        List<String> forms = new ArrayList<>();
        for (String flag : setting.flags()) {
            String form = setting.flagValue() != null ? flag
                    : setting.fallback() != null ? flag + "[=" + setting.label() + "]"
                    : flag + " " + setting.label();
            forms.add("`" + form + "`");
        }
        return String.join(", ", forms) + (setting.repeatable() ? " (repeatable)" : "");
    }

    private static String defaultCell(Setting<?> setting) {
        return setting.defaultIsValue() ? "`" + setting.defaultText() + "`" : setting.defaultText();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    /**
     * The settings another name sets a default for, as {@code format} shows the name and the setting.
     *
     * @param alias the environment variable or system property of a setting, or null
     */
    static String aliases(Function<Setting<?>, String> alias, String format) {
        return Registry.all().stream().filter(s -> alias.apply(s) != null)
                .map(s -> format.formatted(alias.apply(s), s.name())).collect(Collectors.joining(", "));
    }

    static List<Setting<?>> settingsOf(Section section) {
        return Registry.all().stream().filter(s -> s.sectionEnum() == section).toList();
    }

    /** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
    private static String anchor(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
