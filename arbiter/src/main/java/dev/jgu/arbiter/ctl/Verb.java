package dev.jgu.arbiter.ctl;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@code jgu ctl} can ask the arbiter, with its arguments and one line of help
 * ({@code jgu ctl help} and the README's table come from here). The verbs that act
 * do exactly what their signal does, through the same code in the arbiter loop; the
 * signal each stands for is in {@code dev.jgu.arbiter.Command}'s {@code verb}.
 */
public enum Verb {
    STATUS("", "the arbiter and its workers (pid, state, requests, busy, RSS, age) as a table, or JSON with --json"),
    WORKERS("", "the workers only, as a table, or JSON with --json"),
    SCALE("N", "set the number of workers to N (1..1024), as TTIN/TTOU repeated; the oldest go first"),
    RELOAD("", "reload, as HUP: re-read jgu.conf, reopen logs, replace the workers once new ones are ready"),
    REOPEN("", "reopen the log files in the arbiter and every worker, as USR1"),
    REEXEC("", "start a new arbiter on the same sockets, as USR2; prints its pid"),
    SHUTDOWN("[graceful|quick]", "stop: graceful (the default) as TERM, quick as INT"),
    CONFIG("", "the running configuration, each value with its source; JSON with --json");

    /** How the arguments are written in help, empty when there are none. */
    public final String usage;
    public final String help;

    Verb(String usage, String help) {
        this.usage = usage;
        this.help = help;
    }

    /** @return the verb as typed: {@code status}, {@code scale} */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the arbiter loop must carry it out; the others read what the loop published */
    public boolean acts() {
        return this != STATUS && this != WORKERS && this != CONFIG;
    }

    static Optional<Verb> of(String word) {
        for (Verb verb : values()) {
            if (verb.word().equals(word)) {
                return Optional.of(verb);
            }
        }
        return Optional.empty();
    }

    /** @return every verb's word, for error messages */
    static String words() {
        StringBuilder all = new StringBuilder();
        for (Verb verb : values()) {
            all.append(all.isEmpty() ? "" : ", ").append(verb.word());
        }
        return all.toString();
    }
}
