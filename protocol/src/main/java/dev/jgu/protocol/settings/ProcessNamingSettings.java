package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** How jgu's processes are named for ps and top. */
public final class ProcessNamingSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<String> PROC_NAME = setting("proc_name", ValueType.string())
            .flags("-n", "--name").label("NAME")
            .example("\"myapp\"")
            .defaultText("jgu")
            .check(Check.notBlank())
            .pending("process titles")
            .help("Name of jgu's processes in ps and top, to tell several servers apart.")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private ProcessNamingSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.PROCESS_NAMING, name, type, DECLARED::add);
    }
}
