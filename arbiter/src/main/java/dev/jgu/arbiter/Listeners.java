package dev.jgu.arbiter;

import dev.jgu.protocol.ErrorLog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the arbiter's listening sockets come from, in order of precedence: a USR2
 * parent ({@code JGU_FDS}), systemd socket activation ({@code LISTEN_FDS} for
 * {@code LISTEN_PID}), else the {@code bind} setting.
 */
final class Listeners {

    /** Set by an arbiter for the new arbiter it re-executes on USR2: the listener fds, comma-separated. */
    static final String JGU_FDS = "JGU_FDS";
    /** Set alongside {@link #JGU_FDS}: the old arbiter's pid, so the new one knows when to promote itself. */
    static final String JGU_PARENT_PID = "JGU_PARENT_PID";
    /** Variables describing inherited sockets; never passed on to workers or a re-exec child. */
    static final List<String> INHERITANCE_VARIABLES = List.of(JGU_FDS, JGU_PARENT_PID, "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES");

    /** systemd's first passed fd (sd_listen_fds). */
    private static final int SD_LISTEN_FDS_START = 3;

    private Listeners() {
    }

    static List<ListenerSocket> open(List<String> binds, int backlog, int umask, Map<String, String> env, Posix posix, ErrorLog log)
            throws IOException {
        List<ListenerSocket> sockets = new ArrayList<>();
        try {
            String inherited = env.get(JGU_FDS);
            if (inherited != null && !inherited.isBlank()) {
                for (String fd : inherited.split(",")) {
                    sockets.add(ListenerSocket.adopt(Integer.parseInt(fd.trim()), true, posix));
                }
                log.info("inherited " + sockets.size() + " listening sockets from arbiter " + env.get(JGU_PARENT_PID));
            } else if (systemdFds(env, posix.pid()) > 0) {
                int count = systemdFds(env, posix.pid());
                for (int fd = SD_LISTEN_FDS_START; fd < SD_LISTEN_FDS_START + count; fd++) {
                    sockets.add(ListenerSocket.adopt(fd, false, posix));
                }
                log.info("socket activation: " + count + " listening sockets from systemd (bind setting not used)");
            } else {
                for (String bind : binds) {
                    sockets.add(ListenerSocket.bind(BindAddress.parse(bind), backlog, umask, posix));
                }
            }
        } catch (IOException | RuntimeException e) {
            sockets.forEach(s -> s.close(posix));
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return List.copyOf(sockets);
    }

    /** sd_listen_fds(3): the count, when LISTEN_PID names this process. */
    static int systemdFds(Map<String, String> env, long pid) {
        String listenPid = env.get("LISTEN_PID");
        String listenFds = env.get("LISTEN_FDS");
        if (listenPid == null || listenFds == null) {
            return 0;
        }
        try {
            return Long.parseLong(listenPid.trim()) == pid ? Math.max(0, Integer.parseInt(listenFds.trim())) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
