package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Section;
import dev.jgu.protocol.settings.Setting;

/**
 * What {@code --print-config} shows: every setting as a TOML line, grouped by
 * section, each followed by where its value came from. Unset settings are
 * commented out, so the text is itself a valid {@code jgu.conf}, apart from
 * {@code config}, which a file cannot set.
 */
final class ConfigPrintout {

    private static final int VALUE_COLUMN = 48;

    private ConfigPrintout() {
    }

    static String of(Config config) {
        StringBuilder out = new StringBuilder();
        out.append("# jgu configuration, resolved from ")
                .append(config.configFile() == null ? "no config file" : config.configFile())
                .append('\n');
        Section section = null;
        for (Setting<?> setting : Registry.all()) {
            if (setting.sectionEnum() != section) {
                section = setting.sectionEnum();
                out.append("\n# ").append(section.title()).append('\n');
            }
            String value = config.toml(setting);
            String line = value == null ? "# " + setting.name() + " is unset" : setting.name() + " = " + value;
            out.append(line).append(" ".repeat(Math.max(1, VALUE_COLUMN - line.length())))
                    .append("# ").append(config.sourceOf(setting)).append('\n');
        }
        return out.toString();
    }
}
