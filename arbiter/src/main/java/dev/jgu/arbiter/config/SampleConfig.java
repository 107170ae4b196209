package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.Section;
import dev.jgu.protocol.settings.Setting;

/**
 * The sample {@code etc/jgu.conf}: every setting a file may hold, section by
 * section, commented out at its default or at an example value, with its help.
 */
final class SampleConfig {

    private static final String RULE = "# " + "-".repeat(76) + "\n";

    private SampleConfig() {
    }

    static String text() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # jgu.conf: sample configuration for jgu (Java Green Unicorn).
                #
                # Generated from the settings registry; docs/settings.md says more about each
                # setting. Every setting is listed, commented out, at its default or at an
                # example value: uncomment what you change. The file is TOML:
                #
                #   workers = 4
                #   bind = ["127.0.0.1:8000", "unix:/run/jgu/app.sock"]
                #   app = "com.example.App"
                #
                """);
        wrap("jgu reads the file named by -c (the one setting a file cannot hold), else ./jgu.conf. "
                + "Precedence, lowest first: defaults, -D in jvm_opts (" + SettingsDoc.aliases(Setting::jvmProperty, "%s")
                + "), the environment (" + SettingsDoc.aliases(Setting::envVar, "%s") + "), this file, JGU_CMD_ARGS, "
                + "the command line. A HUP re-reads this file; settings marked \"restart\" keep their running value "
                + "until jgu restarts.", out);
        for (Section section : Section.values()) {
            StringBuilder body = new StringBuilder();
            for (Setting<?> setting : SettingsDoc.settingsOf(section)) {
                if (setting.fileKey()) {
                    entry(setting, body);
                }
            }
            if (!body.isEmpty()) {
                out.append('\n').append(RULE).append("# ").append(section.title()).append('\n');
                wrap(section.summary(), out);
                out.append(RULE).append(body);
            }
        }
        return out.toString();
    }

    private static void entry(Setting<?> setting, StringBuilder out) {
        out.append('\n');
        StringBuilder note = new StringBuilder(setting.help());
        if (!setting.defaultIsValue() && !setting.defaultText().equals("unset")) {
            note.append(" Default: ").append(setting.defaultText()).append('.');
        }
        // The one-shot checks end jgu before anything runs: "restart" would mean nothing.
        if (!setting.reloadable() && setting.sectionEnum() != Section.CONFIG_FILE) {
            note.append(" (restart)");
        }
        if (setting.pending() != null) {
            note.append(" Not yet supported (").append(setting.pending()).append(").");
        }
        wrap(note.toString(), out);
        String example = setting.exampleToml();
        out.append("# ").append(setting.name()).append(" = ").append(example).append('\n');
    }

    /** Comment lines of at most 80 columns. */
    private static void wrap(String text, StringBuilder out) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() + 1 + word.length() > 80 && line.length() > 1) {
                out.append(line).append('\n');
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }
}
