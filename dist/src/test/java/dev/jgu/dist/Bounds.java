package dev.jgu.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a jgu may take for what a test waits on, derived from the {@code timeout} and
 * {@code graceful_timeout} it was started with. The arbiter enforces these deadlines itself
 * (docs/design.md, "Worker lifecycle"), so a wait that outlasts one has found a bug, not a
 * slow machine, and a loaded machine only comes closer to them. Only {@link #SLACK} is fixed.
 *
 * @param timeout         seconds; 0 turns the heartbeat checks off
 * @param gracefulTimeout seconds
 */
record Bounds(int timeout, int gracefulTimeout) {

    /** jgu's default {@code timeout} and {@code graceful_timeout} (docs/settings.md). */
    static final int DEFAULT_SECONDS = 30;
    /** A booting worker is taken for hung only after max(timeout, this) without a heartbeat. */
    static final int BOOT_FLOOR_SECONDS = 120;
    /**
     * What no setting bounds: a JVM's start or exit, a signal's delivery, the arbiter's loop
     * turn (100 ms), a connect, each slower on a loaded machine.
     */
    static final Duration SLACK = Duration.ofSeconds(10);
    static final Bounds DEFAULTS = new Bounds(DEFAULT_SECONDS, DEFAULT_SECONDS);

    private static final Pattern CONF_LINE = Pattern.compile("(?m)^\\s*(timeout|graceful_timeout)\\s*=\\s*(\\d+)\\s*(?:#.*)?$");

    /**
     * The bounds of a jgu started with {@code cmd} in {@code dir}: its {@code jgu.conf} ({@code -c},
     * else {@code dir/jgu.conf}), then {@code JGU_CMD_ARGS}, then the command line, the later winning
     * as in jgu. Only the arguments after {@code bin/jgu} count when {@code cmd} has it (a wrapper's
     * own {@code -c} is not jgu's).
     */
    static Bounds of(Path dir, List<String> cmd, Map<String, String> env) {
        List<String> args = cmd;
        for (int i = 0; i < cmd.size(); i++) {
            if (cmd.get(i).endsWith("/bin/jgu")) {
                args = cmd.subList(i + 1, cmd.size());
                break;
            }
        }
        List<String> all = new ArrayList<>();
        String cmdArgs = env.get("JGU_CMD_ARGS");
        if (cmdArgs != null && !cmdArgs.isBlank()) {
            all.addAll(List.of(cmdArgs.trim().split("\\s+")));
        }
        all.addAll(args);
        String config = JguProcess.option(all, "-c", "--config");
        Path conf = dir.resolve(config != null ? config : "jgu.conf");
        try {
            return ofConf(Files.exists(conf) ? Files.readString(conf) : "").with(all);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + conf, e);
        }
    }

    /** The bounds a {@code jgu.conf} with this text sets (the defaults for what it leaves out). */
    static Bounds ofConf(String conf) {
        Bounds b = DEFAULTS;
        Matcher m = CONF_LINE.matcher(conf);
        while (m.find()) {
            int seconds = Integer.parseInt(m.group(2));
            b = m.group(1).equals("timeout") ? new Bounds(seconds, b.gracefulTimeout) : new Bounds(b.timeout, seconds);
        }
        return b;
    }

    /** These bounds with the command line's {@code -t/--timeout} and {@code --graceful-timeout}. */
    Bounds with(List<String> args) {
        String t = JguProcess.option(args, "-t", "--timeout");
        String g = JguProcess.option(args, "--graceful-timeout");
        return new Bounds(t != null ? Integer.parseInt(t) : timeout, g != null ? Integer.parseInt(g) : gracefulTimeout);
    }

    /**
     * From spawn (or from starting jgu) to ready: a booting worker's heartbeat is set at spawn and
     * touched once as it starts, and each gap may last max(timeout, 120 s) before it counts as hung.
     * Also the bound for a JVM's start and an app's construction in general ({@code --check-config}).
     */
    Duration boot() {
        return seconds(2 * Math.max(timeout, BOOT_FLOOR_SECONDS)).plus(SLACK);
    }

    /** Until a boot failure ends jgu: at worst three workers in a row, each dying just before its boot bound. */
    Duration bootFailure() {
        return boot().multipliedBy(3);
    }

    /**
     * A quick request to a ready worker is answered (or a line its app logs for it appears): a worker
     * that does not get to it within {@code timeout} is hung.
     */
    Duration request() {
        return seconds(timeout > 0 ? timeout : DEFAULT_SECONDS).plus(SLACK);
    }

    /** From HUP to "reload complete" or "reload aborted": the arbiter gives up on a generation after graceful_timeout + timeout. */
    Duration reload() {
        return seconds(Math.max(1, gracefulTimeout) + Math.max(0, timeout)).plus(SLACK);
    }

    /** A worker told to stop (TERM) is gone: it drains for graceful_timeout, and the arbiter KILLs it 1 s later. */
    Duration retire() {
        return seconds(Math.max(0, gracefulTimeout) + 1).plus(SLACK);
    }

    /** From TERM to the arbiter's exit: the workers drain for graceful_timeout, then get KILL. */
    Duration stop() {
        return seconds(Math.max(0, gracefulTimeout)).plus(SLACK);
    }

    /** From INT (or the arbiter's death) until the workers are gone: KILL after 1 s. */
    Duration quickStop() {
        return seconds(1).plus(SLACK);
    }

    /** A ready worker that stops heartbeating gets QUIT after timeout, and KILL 2 s later. */
    Duration hang() {
        return seconds(timeout + 2).plus(SLACK);
    }

    /** The arbiter acts on a signal, or on a worker's exit, within a loop turn: a log line, a spawn, a pidfile. */
    Duration react() {
        return SLACK;
    }

    private static Duration seconds(int n) {
        return Duration.ofSeconds(n);
    }
}
