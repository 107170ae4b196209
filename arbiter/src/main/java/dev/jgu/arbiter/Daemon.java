package dev.jgu.arbiter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -D/--daemon}. A JVM cannot fork itself, so instead of Gunicorn's double
 * fork the launcher starts the arbiter again, as the leader of a new session with
 * stdin, stdout and stderr on /dev/null (log to files with {@code errorlog} and
 * {@code accesslog}), and returns. The pidfile names the daemon.
 */
final class Daemon {

    /** Marks the detached arbiter, so it does not detach again. */
    static final String JGU_DAEMON = "JGU_DAEMON";

    private Daemon() {
    }

    static boolean detached() {
        return System.getenv(JGU_DAEMON) != null;
    }

    /** @return the exit code for the foreground process */
    static int detach(List<String> originalArgs) {
        Posix posix = new Posix();
        try {
            List<String> argv = new ArrayList<>(Reexec.command());
            argv.addAll(originalArgs);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put(JGU_DAEMON, "1");
            long pid = posix.spawn(argv, env, List.of(), new Posix.SpawnOptions(null, true, -1));
            System.err.println("jgu: running in the background as pid " + pid);
            return 0;
        } catch (IOException e) {
            System.err.println("daemon: cannot start the background arbiter: " + e.getMessage());
            return 1;
        }
    }
}
