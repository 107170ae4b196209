package dev.jgu.arbiter;

import jnr.constants.platform.Fcntl;
import jnr.constants.platform.Signal;
import jnr.constants.platform.OpenFlags;
import jnr.posix.ChangeDir;
import jnr.posix.CloseFrom;
import jnr.posix.Group;
import jnr.posix.Passwd;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.ResetSignals;
import jnr.posix.SpawnAttribute;
import jnr.posix.SpawnFileAction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few system calls the arbiter needs, through jnr-posix (loaded once, in the
 * arbiter only: workers stay JDK-only). Never {@code waitpid(-1)}: it would steal
 * the exit status of children the JDK itself started.
 */
final class Posix {

    /** fds handed to children are kept at or above this, clear of every target fd 3..N. */
    static final int HIGH_FD = 64;

    private static final int WNOHANG = 1;
    private static final int FD_CLOEXEC = 1;

    private final POSIX posix = POSIXFactory.getNativePOSIX();

    /** The outcome of {@link #reap}: still running, or how it ended. */
    record Exit(boolean exited, int code, int signal) {
        static final Exit RUNNING = new Exit(false, 0, 0);

        String describe() {
            return signal != 0 ? "signal=" + signal + " (" + signalName(signal) + ")" : "code=" + code;
        }
    }

    /**
     * How to start a child beyond its fds.
     *
     * @param directory the working directory, or null to keep the arbiter's
     * @param daemon a new session with stdin, stdout and stderr on /dev/null
     * @param stderrFd an fd (at or above {@link #HIGH_FD}) to become the child's stderr, or -1 to share the arbiter's
     * @param stdoutToo whether {@code stderrFd} becomes the child's stdout as well (capture_output)
     */
    record SpawnOptions(String directory, boolean daemon, int stderrFd, boolean stdoutToo) {
        static final SpawnOptions PLAIN = new SpawnOptions(null, false, -1, false);

        SpawnOptions(String directory, boolean daemon, int stderrFd) {
            this(directory, daemon, stderrFd, false);
        }
    }

    long spawn(List<String> argv, Map<String, String> env, List<Integer> passFds) throws IOException {
        return spawn(argv, env, passFds, SpawnOptions.PLAIN);
    }

    /**
     * Spawns a process with {@code posix_spawnp}, placing {@code passFds} on fds
     * 3, 4, ... in the child, closing every other fd above 2, and resetting the
     * signal mask and dispositions.
     *
     * @return the child's pid
     */
    long spawn(List<String> argv, Map<String, String> env, List<Integer> passFds, SpawnOptions options) throws IOException {
        List<SpawnFileAction> actions = new ArrayList<>();
        if (options.directory() != null) {
            actions.add(new ChangeDir(options.directory()));
        }
        if (options.daemon()) {
            actions.add(SpawnFileAction.open("/dev/null", 0, OpenFlags.O_RDONLY.intValue(), 0));
            actions.add(SpawnFileAction.open("/dev/null", 1, OpenFlags.O_WRONLY.intValue(), 0));
            actions.add(SpawnFileAction.open("/dev/null", 2, OpenFlags.O_WRONLY.intValue(), 0));
        }
        if (options.stderrFd() >= 0) {
            actions.add(SpawnFileAction.dup(options.stderrFd(), 2));
            if (options.stdoutToo()) {
                actions.add(SpawnFileAction.dup(options.stderrFd(), 1));
            }
        }
        int target = 3;
        for (int fd : passFds) {
            if (fd < HIGH_FD) {
                throw new IllegalArgumentException("fd " + fd + " to pass is below " + HIGH_FD + " and could collide with a target fd");
            }
            actions.add(SpawnFileAction.dup(fd, target++));
        }
        actions.add(new CloseFrom(target));
        List<SpawnAttribute> attributes = List.of(new ResetSignals(options.daemon()));
        List<String> envp = new ArrayList<>(env.size());
        env.forEach((k, v) -> envp.add(k + "=" + v));
        long pid = posix.posix_spawnp(argv.get(0), actions, attributes, argv, envp);
        if (pid <= 0) {
            throw new IOException("posix_spawnp " + argv.get(0) + " failed (errno " + posix.errno() + ")");
        }
        return pid;
    }

    /** @return {@code [read, write]}, both close-on-exec and at or above {@link #HIGH_FD} */
    int[] pipe() throws IOException {
        int[] fds = new int[2];
        if (posix.pipe(fds) != 0) {
            throw new IOException("pipe failed (errno " + posix.errno() + ")");
        }
        int[] high = {dupHigh(fds[0]), dupHigh(fds[1])};
        close(fds[0]);
        close(fds[1]);
        return high;
    }

    /** @return a close-on-exec duplicate of fd at or above {@link #HIGH_FD} */
    int dupHigh(int fd) throws IOException {
        // jnr-constants has no F_DUPFD_CLOEXEC; only the loop thread spawns, so the window is harmless
        int dup = posix.fcntlInt(fd, Fcntl.F_DUPFD, HIGH_FD);
        if (dup < 0 || posix.fcntlInt(dup, Fcntl.F_SETFD, FD_CLOEXEC) < 0) {
            throw new IOException("fcntl(F_DUPFD) of fd " + fd + " failed (errno " + posix.errno() + ")");
        }
        return dup;
    }

    void close(int fd) {
        posix.close(fd);
    }

    /**
     * A blocking read.
     *
     * @return the count read, 0 at end of file, -1 on an error
     */
    int read(int fd, byte[] buffer) {
        return posix.read(fd, buffer, buffer.length);
    }

    /** @return true when the signal was delivered, false when no such process */
    boolean kill(long pid, Signal signal) {
        return posix.kill(pid, signal.intValue()) == 0;
    }

    /** Non-blocking reap of one known child. */
    Exit reap(long pid) {
        int[] status = new int[1];
        int r = posix.waitpid(pid, status, WNOHANG);
        if (r <= 0) {
            return r == 0 ? Exit.RUNNING : new Exit(true, -1, 0);
        }
        int s = status[0];
        int termsig = s & 0x7f;
        if (termsig == 0) {
            return new Exit(true, (s >> 8) & 0xff, 0);
        }
        return new Exit(true, 128 + termsig, termsig);
    }

    long pid() {
        return posix.getpid();
    }

    long ppid() {
        return posix.getppid();
    }

    int umask(int mask) {
        return posix.umask(mask);
    }

    long euid() {
        return posix.geteuid();
    }

    long egid() {
        return posix.getegid();
    }

    /** @return the uid of a user name or numeric uid, or -1 when unknown */
    long uid(String user) {
        if (user.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(user);
        }
        Passwd pw = posix.getpwnam(user);
        return pw == null ? -1 : pw.getUID();
    }

    /** @return the primary gid of a user, or -1 */
    long primaryGid(String user) {
        Passwd pw = user.chars().allMatch(Character::isDigit) ? posix.getpwuid(Integer.parseInt(user)) : posix.getpwnam(user);
        return pw == null ? -1 : pw.getGID();
    }

    /** @return the gid of a group name or numeric gid, or -1 when unknown */
    long gid(String group) {
        if (group.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(group);
        }
        Group gr = posix.getgrnam(group);
        return gr == null ? -1 : gr.getGID();
    }

    void chown(String path, long uid, long gid) throws IOException {
        if (posix.chown(path, (int) uid, (int) gid) != 0) {
            throw new IOException("chown " + path + " to " + uid + ":" + gid + " failed (errno " + posix.errno() + ")");
        }
    }

    static String signalName(int number) {
        for (Signal s : Signal.values()) {
            if (s.defined() && s.intValue() == number) {
                return s.name();
            }
        }
        return "SIG" + number;
    }
}
