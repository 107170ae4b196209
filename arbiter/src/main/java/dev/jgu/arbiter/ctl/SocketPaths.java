package dev.jgu.arbiter.ctl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where control sockets are when {@code control_socket} is not set: one per arbiter,
 * {@code arbiter-PID.ctl}, in a directory of the user's own, {@code $XDG_RUNTIME_DIR/jgu}
 * when that is set, else {@code ~/.jgu} (Gunicorn's {@code gunicorn.ctl} lives in the same
 * two places). One file per pid: a USR2 child binds its own beside its parent's, and
 * {@code jgu ctl} finds the one arbiter running by itself.
 */
public final class SocketPaths {

    private static final Pattern NAME = Pattern.compile("arbiter-(\\d+)\\.ctl");

    /** A control socket found in a default directory, with the pid its name holds. */
    public record Found(Path path, long pid) {
    }

    private SocketPaths() {
    }

    /** @return the directory an arbiter started with {@code env} puts its socket in */
    public static Path defaultDir(Map<String, String> env) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "jgu");
        }
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".jgu");
    }

    /** @return the default socket of the arbiter {@code pid} */
    public static Path defaultPath(Map<String, String> env, long pid) {
        return defaultDir(env).resolve("arbiter-" + pid + ".ctl");
    }

    /**
     * The directories {@code jgu ctl} looks in: the arbiter's, and the other one, since a
     * service started without {@code XDG_RUNTIME_DIR} is reached from a login shell with it.
     */
    static List<Path> searchDirs(Map<String, String> env) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(defaultDir(env));
        String home = env.get("HOME");
        dirs.add(Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".jgu"));
        dirs.add(Path.of(System.getProperty("user.home"), ".jgu"));
        return new ArrayList<>(dirs);
    }

    /**
     * @param alive whether a pid is a running process
     * @return the sockets in {@code dirs} whose arbiter still runs (one killed with KILL leaves its file)
     */
    static List<Found> live(List<Path> dirs, LongPredicate alive) {
        List<Found> found = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "arbiter-*.ctl")) {
                for (Path file : files) {
                    Matcher m = NAME.matcher(file.getFileName().toString());
                    if (m.matches() && alive.test(Long.parseLong(m.group(1)))) {
                        found.add(new Found(file, Long.parseLong(m.group(1))));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // an unreadable directory holds nothing this user can reach; the error names the dirs looked in
            }
        }
        found.sort(java.util.Comparator.comparingLong(Found::pid));
        return found;
    }

    /** @return whether {@code pid} is a running process (not a zombie) */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
