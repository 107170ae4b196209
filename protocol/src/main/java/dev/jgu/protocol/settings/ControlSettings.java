package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The control socket that {@code jgu ctl} talks to. */
public final class ControlSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<String> CONTROL_SOCKET = setting("control_socket", ValueType.string())
            .flags("--control-socket").label("PATH")
            .example("\"/run/jgu/jgu.ctl\"")
            .defaultText("$XDG_RUNTIME_DIR/jgu.ctl, else ~/.jgu/jgu.ctl")
            .check(Check.notBlank())
            .pending("control socket")
            .help("UNIX socket where the arbiter answers jgu ctl.")
            .build();

    public static final Setting<Integer> CONTROL_SOCKET_MODE = setting("control_socket_mode", ValueType.octal())
            .flags("--control-socket-mode").label("MODE")
            .defaultValue(0600)
            .check(Check.permissionBits())
            .pending("control socket")
            .help("Permission bits of the control socket.")
            .build();

    public static final Setting<Boolean> CONTROL_SOCKET_DISABLE = setting("control_socket_disable", ValueType.bool())
            .flags("--no-control-socket").flag(true)
            .defaultValue(false)
            .help("Do not open the control socket.")
            .doc("""
                    This version of jgu opens no control socket yet, so the option already holds; \
                    it is accepted now so that scripts and units need no change when the socket \
                    arrives.""")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private ControlSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.CONTROL, name, type, DECLARED::add);
    }
}
