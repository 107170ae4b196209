package dev.jgu.arbiter;

import dev.jgu.protocol.ProcessTitle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * USR2: starts a new arbiter from the current install ({@code bin/jgu}, so an
 * upgraded install takes effect) with the original arguments, handing it every
 * listening socket on fds 3.. and naming them in {@code JGU_FDS}. Both arbiters
 * serve from the same kernel accept queues until the operator stops the old one.
 */
final class Reexec {

    private Reexec() {
    }

    static long spawn(List<String> originalArgs, List<ListenerSocket> listeners, Posix posix) throws IOException {
        List<String> argv = new ArrayList<>(command());
        argv.addAll(originalArgs);
        Map<String, String> env = new HashMap<>(System.getenv());
        Listeners.INHERITANCE_VARIABLES.forEach(env::remove);
        StringJoiner fds = new StringJoiner(",");
        List<Integer> pass = new ArrayList<>();
        for (ListenerSocket socket : listeners) {
            fds.add(Integer.toString(3 + pass.size()));
            pass.add(socket.spawnFd());
        }
        env.put(Listeners.JGU_FDS, fds.toString());
        env.put(Listeners.JGU_PARENT_PID, Long.toString(posix.pid()));
        return posix.spawn(argv, env, pass);
    }

    /** The launcher of this install, or this JVM's own command line when not run from one. */
    static List<String> command() throws IOException {
        String home = System.getProperty("jgu.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "jgu"))) {
            return List.of(Path.of(home, "bin", "jgu").toString());
        }
        // As started: the process title has replaced what /proc/self/cmdline shows now.
        List<String> args = ProcessTitle.originalCommandLine();
        int main = args.indexOf(Main.class.getName());
        if (main < 0) {
            throw new IOException("cannot find how this arbiter was started (no " + Main.class.getName() + " in /proc/self/cmdline)");
        }
        return args.subList(0, main + 1);
    }
}
