package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Where the configuration comes from, and the one-shot checks. */
public final class ConfigFileSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<String> CONFIG = setting("config", ValueType.string())
            .flags("-c", "--config").label("PATH")
            .commandLineOnly()
            .defaultText("./jgu.conf when present")
            .check(Check.notBlank())
            .help("The jgu.conf (TOML) to read.")
            .doc("""
                    Without -c, jgu reads `jgu.conf` in the directory it starts in when that file \
                    exists. A -c inside JGU_CMD_ARGS counts too; one on the command line wins. \
                    A relative path starts from the directory jgu starts in. A HUP re-reads the same \
                    file: a file that no longer parses or validates is reported and the running \
                    configuration is kept. This setting cannot appear inside the file itself.""")
            .build();

    public static final Setting<Boolean> CHECK_CONFIG = setting("check_config", ValueType.bool())
            .flags("--check-config").flag(true)
            .defaultValue(false)
            .help("Validate the configuration and load the app, then exit: 0 when both work, 1 with the reason.")
            .doc("""
                    Loads and constructs the app with the configured classpath, as a worker would, \
                    without binding a socket or starting a worker.""")
            .build();

    public static final Setting<Boolean> PRINT_CONFIG = setting("print_config", ValueType.bool())
            .flags("--print-config").flag(true)
            .defaultValue(false)
            .help("Print every resolved setting and where its value came from, then exit.")
            .doc("""
                    Each line is valid TOML followed by the source of the value: `default`, \
                    `jgu.conf:LINE`, `env` (JGU_CMD_ARGS, or a variable that sets a default, such as PORT) \
                    or `cli`. Unlike Gunicorn's, it does not load the app; add --check-config for that.""")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private ConfigFileSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.CONFIG_FILE, name, type, DECLARED::add);
    }
}
