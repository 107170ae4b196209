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
            .defaultText("the APP argument")
            .check(Check.notBlank())
            .reloadable()
            .help("Name in the process titles, jgu: arbiter [NAME] and jgu: worker 3 [NAME], to tell several servers apart.")
            .doc("As Gunicorn's, whose default is the app module too. A HUP's generation of workers takes the new name,"
                    + " and the arbiter retitles itself.")
            .build();

    public static final Setting<Boolean> PROC_TITLE = setting("proc_title", ValueType.bool())
            .flags("--no-proc-title").flag(false)
            .defaultValue(true)
            .help("Retitle jgu's processes for ps, top and pgrep; --no-proc-title leaves them as java with its arguments.")
            .doc("Linux only: the title is written over the process's argument area (`ps -f`, `pgrep -f`) and into"
                    + " its name (`ps -e`, `top`, `pgrep`; 15 bytes). Where /proc/self/mem cannot be written the process"
                    + " keeps its java command line and says so in one INFO line.")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private ProcessNamingSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.PROCESS_NAMING, name, type, DECLARED::add);
    }
}
