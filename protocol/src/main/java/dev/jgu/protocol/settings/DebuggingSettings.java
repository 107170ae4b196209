package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Development conveniences. */
public final class DebuggingSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<Boolean> RELOAD = setting("reload", ValueType.bool())
            .flags("--reload").flag(true)
            .defaultValue(false)
            .pending("code reload")
            .help("Replace the workers when a classpath entry changes; for development only.")
            .build();

    public static final Setting<List<String>> RELOAD_EXTRA_FILES = setting("reload_extra_files",
            ValueType.list("list of paths", null, ValueType.Item.ANY))
            .flags("--reload-extra-file").label("FILE").repeatable()
            .example("[\"conf/*.properties\"]")
            .defaultValue(List.of())
            .pending("code reload")
            .help("Another file or glob pattern whose change triggers a reload; repeat for more.")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private DebuggingSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.DEBUGGING, name, type, DECLARED::add);
    }
}
