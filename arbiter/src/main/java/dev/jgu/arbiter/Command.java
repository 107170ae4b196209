package dev.jgu.arbiter;

import java.util.Arrays;
import java.util.List;

/**
 * What the arbiter loop can be asked to do, with the signal that asks for it, one
 * line of help and the README's description. Signal handlers only enqueue one of
 * these. README's signal table is generated from this ({@link SignalTable}), and
 * bin/jgu resets the default disposition of each signal here.
 */
enum Command implements Request {
    GRACEFUL_STOP("TERM", "stop gracefully: finish in-flight requests within graceful_timeout",
            "graceful stop: workers stop accepting and finish in-flight requests (bounded by `--graceful-timeout`,"
                    + " then KILL); pidfile removed; exit 0"),
    QUICK_STOP("INT", "stop quickly",
            "quick stop: workers exit at once (an INT during a graceful stop switches to quick)"),
    RELOAD("HUP", "reload: re-read jgu.conf, reopen logs, replace workers once new ones are ready",
            "reload: re-read `jgu.conf`, reopen logs, start a new generation of workers (they load the app anew, so"
                    + " new jars take effect); each old worker gets TERM only once a new one is **ready**. A second HUP"
                    + " while the new workers boot supersedes them: the last generation that was ready serves until the"
                    + " newest one is. If the new generation cannot boot (see [boot failures](#boot-failures)) or is not"
                    + " ready within `graceful_timeout` + max(`timeout`, 120 s) (what a booting worker may take before it"
                    + " counts as hung), the old one keeps serving and the log says why."
                    + " Settings that need a restart (e.g. `bind`, `user`) are reported as ignored"),
    ADD_WORKER("TTIN", "one worker more", "one worker more"),
    REMOVE_WORKER("TTOU", "one worker fewer (never below 1; the oldest goes first)",
            "one worker fewer (never below 1; the oldest goes first)"),
    REOPEN_LOGS("USR1", "reopen log files in the arbiter and every worker",
            "reopen the error and access logs in the arbiter and every worker (logrotate)"),
    REEXEC("USR2", "start a new arbiter that inherits the listening sockets",
            "re-exec: start a new arbiter from the current install and config that inherits every listening socket"
                    + " (`JGU_FDS`) and writes `PIDFILE.2`; both serve until you stop the old one (TERM, or WINCH then"
                    + " TERM); the new one then renames its pidfile. A failed re-exec leaves the old arbiter serving"),
    STOP_WORKERS("WINCH", "stop all workers, keep the sockets",
            "stop all workers, keep the sockets (TTIN or HUP brings workers back; during a reload it abandons the"
                    + " reload, and TTIN brings back the last ready generation)"),
    REAP("CHLD", "reap exited workers", "reap exited workers at once (the loop also reaps on every turn)");

    final String signal;
    /** What asks for the same with {@code jgu ctl}, in Markdown, or null when no verb does. */
    final String verb;
    final String help;
    /** The README's description, in Markdown. */
    final String doc;

    Command(String signal, String help, String doc) {
        this.signal = signal;
        this.verb = switch (signal) {
            case "TERM" -> "`shutdown`";
            case "INT" -> "`shutdown quick`";
            case "HUP" -> "`reload`";
            case "TTIN", "TTOU" -> "`scale N`";
            case "USR1" -> "`reopen`";
            case "USR2" -> "`reexec`";
            default -> null;
        };
        this.help = help;
        this.doc = doc;
    }

    static List<Command> all() {
        return Arrays.asList(values());
    }
}
