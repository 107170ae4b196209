package dev.jgu.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Where error-log lines go: stderr ({@code -}) or a file opened for appending, which {@link #reopen()} opens
 * anew after logrotate renamed it, and a copy to syslog when one is set. Lines below the level are dropped
 * before anything is formatted. A line and its stack trace are written under one lock, so lines of several
 * threads never interleave and none is split across the old and the new file.
 */
public final class LogSink {

    private final LogFile file;
    private final Level level;
    private final SyslogSender syslog;
    private final long pid = ProcessHandle.current().pid();

    /**
     * @param destination {@code -} for stderr, else a path (appended to)
     * @param level the least severe level written
     * @param syslog a copy of every line to syslog, or null
     */
    public LogSink(String destination, Level level, SyslogSender syslog) {
        this(destination, level, syslog, System.err);
    }

    LogSink(String destination, Level level, SyslogSender syslog, PrintStream standard) {
        this.file = new LogFile("errorlog", destination, standard, standard);
        this.level = level;
        this.syslog = syslog;
    }

    /** @return {@code -} or the path */
    public String destination() {
        return file.destination();
    }

    /** @return the least severe level written */
    public Level level() {
        return level;
    }

    /** @return whether lines go to a file that {@link #reopen()} can replace */
    public boolean isFile() {
        return file.isFile();
    }

    /** @return whether a line at this level is written */
    public boolean enabled(Level at) {
        return at.ordinal() >= level.ordinal();
    }

    /**
     * Writes one line (and the stack trace of {@code cause}).
     *
     * @param at the line's level
     * @param logger the logger's name, or null for the server's own
     * @param message the message, already formatted
     * @param cause an exception, or null
     */
    public void write(Level at, String logger, String message, Throwable cause) {
        if (!enabled(at)) {
            return;
        }
        String line = LogLine.format(System.currentTimeMillis(), pid, at, logger, message);
        file.write(stream -> {
            stream.println(line);
            if (cause != null) {
                cause.printStackTrace(stream);
            }
        });
        if (syslog != null) {
            syslog.send(at, cause == null ? message : message + " " + stackTrace(cause));
        }
    }

    /**
     * Writes bytes as they are, under the line lock: a worker's captured output (capture_output).
     *
     * @param bytes the bytes
     * @param offset where they start
     * @param length how many
     */
    public void writeRaw(byte[] bytes, int offset, int length) {
        file.write(stream -> stream.write(bytes, offset, length));
    }

    /** Opens the file anew (USR1); the old stream is closed once no line is being written to it. */
    public void reopen() {
        file.reopen();
    }

    /** Stops the syslog sender (its queued lines are sent first, within a bound). */
    public void close() {
        if (syslog != null) {
            syslog.close();
        }
    }

    private static String stackTrace(Throwable cause) {
        StringWriter text = new StringWriter();
        cause.printStackTrace(new PrintWriter(text));
        return text.toString().strip().replace('\n', ' ').replace("\t", "");
    }
}
