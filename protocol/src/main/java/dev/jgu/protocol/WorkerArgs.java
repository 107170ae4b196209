package dev.jgu.protocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's command line, written by the arbiter (never by a person): who the
 * worker is and which inherited fds mean what. Settings come in a file so that
 * one HUP means one consistent generation.
 *
 * @param settings the resolved settings of this generation (a properties file)
 * @param scoreboard the scoreboard file
 * @param slot this worker's scoreboard slot
 * @param age this worker's spawn number (unique per arbiter)
 * @param pipeFd the read end of the arbiter-death pipe
 * @param maxRequests requests after which the worker restarts; 0 = never
 * @param bootError where to write the reason for a boot failure
 * @param listeners fd number and bind address of each inherited listener
 * @param statsdFd the connected {@code unix:} StatsD socket, or -1 (none, or UDP, which the worker opens itself)
 * @param syslogFd the connected UNIX datagram syslog socket, or -1 (none, or a network or stream syslog)
 */
public record WorkerArgs(Path settings, Path scoreboard, int slot, int age, int pipeFd, long maxRequests,
                         Path bootError, List<InheritedListener> listeners, int statsdFd, int syslogFd) {

    /** Without a StatsD or syslog socket. */
    public WorkerArgs(Path settings, Path scoreboard, int slot, int age, int pipeFd, long maxRequests,
                      Path bootError, List<InheritedListener> listeners) {
        this(settings, scoreboard, slot, age, pipeFd, maxRequests, bootError, listeners, -1, -1);
    }

    /**
     * One inherited listener.
     *
     * @param fd the fd number in the worker
     * @param address the bind address as the operator wrote it (resolved port for port 0)
     */
    public record InheritedListener(int fd, String address) {
    }

    /**
     * The command-line form, for the arbiter.
     *
     * @return the arguments after the main class
     */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--settings", settings.toString(), "--scoreboard", scoreboard.toString(),
                "--slot", Integer.toString(slot), "--age", Integer.toString(age), "--pipe-fd", Integer.toString(pipeFd),
                "--max-requests", Long.toString(maxRequests), "--boot-error", bootError.toString()));
        for (InheritedListener l : listeners) {
            args.add("--listen");
            args.add(l.fd() + "=" + l.address());
        }
        if (statsdFd >= 0) {
            args.add("--statsd-fd");
            args.add(Integer.toString(statsdFd));
        }
        if (syslogFd >= 0) {
            args.add("--syslog-fd");
            args.add(Integer.toString(syslogFd));
        }
        return args;
    }

    /**
     * Parses the command line the arbiter wrote.
     *
     * @param args the arguments
     * @return the parsed form
     * @throws IllegalArgumentException on anything unexpected
     */
    public static WorkerArgs parse(String[] args) {
        Path settings = null;
        Path scoreboard = null;
        Path bootError = null;
        int slot = -1;
        int age = -1;
        int pipeFd = -1;
        long maxRequests = 0;
        int statsdFd = -1;
        int syslogFd = -1;
        List<InheritedListener> listeners = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("worker argument " + args[i] + " has no value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--settings" -> settings = Path.of(value);
                case "--scoreboard" -> scoreboard = Path.of(value);
                case "--boot-error" -> bootError = Path.of(value);
                case "--slot" -> slot = Integer.parseInt(value);
                case "--age" -> age = Integer.parseInt(value);
                case "--pipe-fd" -> pipeFd = Integer.parseInt(value);
                case "--max-requests" -> maxRequests = Long.parseLong(value);
                case "--statsd-fd" -> statsdFd = Integer.parseInt(value);
                case "--syslog-fd" -> syslogFd = Integer.parseInt(value);
                case "--listen" -> {
                    int eq = value.indexOf('=');
                    listeners.add(new InheritedListener(Integer.parseInt(value.substring(0, eq)), value.substring(eq + 1)));
                }
                default -> throw new IllegalArgumentException("unknown worker argument " + args[i]);
            }
        }
        if (settings == null || scoreboard == null || bootError == null || slot < 0 || age < 0 || pipeFd < 0) {
            throw new IllegalArgumentException("worker arguments incomplete: " + String.join(" ", args));
        }
        return new WorkerArgs(settings, scoreboard, slot, age, pipeFd, maxRequests, bootError, List.copyOf(listeners), statsdFd,
                syslogFd);
    }
}
