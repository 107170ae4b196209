package dev.jgu.arbiter;

import java.util.Arrays;
import java.util.List;

/**
 * What the arbiter loop can be asked to do, with the signal that asks for it and
 * one line of help. Signal handlers only enqueue one of these.
 */
enum Command {
    RELOAD("HUP", "reload: re-read jgu.conf, reopen logs, replace workers once new ones are ready"),
    GRACEFUL_STOP("TERM", "stop gracefully: finish in-flight requests within graceful_timeout"),
    QUICK_STOP("INT", "stop quickly"),
    ADD_WORKER("TTIN", "one worker more"),
    REMOVE_WORKER("TTOU", "one worker fewer (never below 1; the oldest goes first)"),
    REOPEN_LOGS("USR1", "reopen log files in the arbiter and every worker"),
    REEXEC("USR2", "start a new arbiter that inherits the listening sockets"),
    STOP_WORKERS("WINCH", "stop all workers, keep the sockets"),
    REAP("CHLD", "reap exited workers");

    final String signal;
    final String help;

    Command(String signal, String help) {
        this.signal = signal;
        this.help = help;
    }

    static List<Command> all() {
        return Arrays.asList(values());
    }
}
