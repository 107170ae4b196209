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
            .defaultText("$XDG_RUNTIME_DIR/jgu/arbiter-PID.ctl, else ~/.jgu/arbiter-PID.ctl")
            .check(Check.notBlank())
            .help("UNIX socket where the arbiter answers jgu ctl.")
            .doc("""
                    By default each arbiter binds `arbiter-PID.ctl` in a directory of its user's \
                    own (`$XDG_RUNTIME_DIR/jgu`, else `~/.jgu`, created 0700), and `jgu ctl` \
                    finds it by itself when one arbiter runs. A path given here is where \
                    `jgu ctl -s PATH` reaches it; a USR2 child binds `PATH.2` until its \
                    parent is gone, then renames it to `PATH`. A symbolic link at the path is \
                    refused, a stale socket file replaced; the file is removed at exit.""")
            .build();

    public static final Setting<Integer> CONTROL_SOCKET_MODE = setting("control_socket_mode", ValueType.octal())
            .flags("--control-socket-mode").label("MODE")
            .defaultValue(0600)
            .check(Check.permissionBits())
            .help("Permission bits of the control socket.")
            .doc("""
                    The socket is bound under umask 0177 and then set to this mode, so it is \
                    never more open than 0600 in between. Whatever the mode, the arbiter \
                    serves only connections whose peer (`SO_PEERCRED`) is its own uid or root.""")
            .build();

    public static final Setting<Boolean> CONTROL_SOCKET_DISABLE = setting("control_socket_disable", ValueType.bool())
            .flags("--no-control-socket").flag(true)
            .defaultValue(false)
            .help("Do not open the control socket (jgu ctl then cannot reach the arbiter; signals still work).")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private ControlSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.CONTROL, name, type, DECLARED::add);
    }
}
