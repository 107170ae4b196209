package dev.jgu.protocol;

import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.spi.Log;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The error log of the arbiter and of every worker: Gunicorn's line format
 * {@code [2026-11-25 10:00:00 +0000] [4121] [INFO] message}, to stderr ({@code -})
 * or to a file that {@link #reopen()} reopens after logrotate moved it.
 */
public final class ErrorLog implements Log {

    /** Levels in Gunicorn's order. */
    public enum Level { DEBUG, INFO, WARNING, ERROR, CRITICAL }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("'['yyyy-MM-dd HH:mm:ss Z']'", Locale.ROOT);

    private final LogFile file;
    private final Level level;
    private final long pid = ProcessHandle.current().pid();
    private volatile Listener listener;

    /** Told of every line at WARNING and above, before {@code loglevel} filters it (StatsD's {@code jgu.log.*} counters). */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param level WARNING, ERROR or CRITICAL
         * @param withCause whether a stack trace follows (an exception)
         */
        void logged(Level level, boolean withCause);
    }

    /**
     * @param destination {@code -} for stderr, else a file path (appended to)
     * @param level the lowest level written
     */
    public ErrorLog(String destination, Level level) {
        this.file = new LogFile(LoggingSettings.ERRORLOG.name(), destination, System.err);
        this.level = level;
    }

    /**
     * Parses a {@code loglevel} setting value.
     *
     * @param name debug, info, warning (or warn), error, critical; any case
     * @return the level, INFO when unknown
     */
    public static Level parseLevel(String name) {
        if (name == null) {
            return Level.INFO;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "warning", "warn" -> Level.WARNING;
            case "error" -> Level.ERROR;
            case "critical" -> Level.CRITICAL;
            default -> Level.INFO;
        };
    }

    /** @param listening told of each warning, error and critical line from now on; null for none */
    public void listener(Listener listening) {
        this.listener = listening;
    }

    /** Reopens the log file (USR1, after logrotate renamed it). */
    public void reopen() {
        if (file.isFile()) {
            file.reopen();
            info("reopened log file: " + file.destination());
        }
    }

    /** @return where lines go: {@code -} or a path */
    public String destination() {
        return file.destination();
    }

    /**
     * Writes a line at a level.
     *
     * @param at the level
     * @param message the line
     * @param cause an exception whose stack trace follows, or null
     */
    public void log(Level at, String message, Throwable cause) {
        Listener listening = listener;
        if (listening != null && at.ordinal() >= Level.WARNING.ordinal()) {
            listening.logged(at, cause != null);
        }
        if (at.ordinal() < level.ordinal()) {
            return;
        }
        StringBuilder line = new StringBuilder(message.length() + 48);
        line.append(TIME.format(ZonedDateTime.now())).append(" [").append(pid).append("] [")
                .append(at).append("] ").append(message);
        file.write(out -> {
            out.println(line);
            if (cause != null) {
                cause.printStackTrace(out);
            }
        });
    }

    @Override
    public void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    @Override
    public void info(String message) {
        log(Level.INFO, message, null);
    }

    @Override
    public void warn(String message) {
        log(Level.WARNING, message, null);
    }

    @Override
    public void error(String message) {
        log(Level.ERROR, message, null);
    }

    @Override
    public void error(String message, Throwable cause) {
        log(Level.ERROR, message, cause);
    }

    /** @param message a line at CRITICAL */
    public void critical(String message) {
        log(Level.CRITICAL, message, null);
    }

    @Override
    public boolean debugEnabled() {
        return level == Level.DEBUG;
    }
}
