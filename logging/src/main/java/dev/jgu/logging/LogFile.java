package dev.jgu.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where a log writes: {@code -} for a standard stream, else a file opened for
 * appending that {@link #reopen()} opens anew after logrotate renamed it. Writers
 * lock the stream they write to, so a line is never split across the two files.
 * The error log ({@link LogSink}) and the access log both write through one.
 */
public final class LogFile {

    private final String destination;
    private final String name;
    private final PrintStream standard;
    private final PrintStream problems;
    private volatile PrintStream out;

    /**
     * @param name the setting, for the message when the file cannot be opened
     * @param destination {@code -} or a path
     * @param standard the stream for {@code -} and the fallback
     */
    public LogFile(String name, String destination, PrintStream standard) {
        this(name, destination, standard, System.err);
    }

    /** @param problems where a file that cannot be opened is said */
    LogFile(String name, String destination, PrintStream standard, PrintStream problems) {
        this.name = name;
        this.destination = destination == null || destination.isEmpty() ? "-" : destination;
        this.standard = standard;
        this.problems = problems;
        this.out = open();
    }

    private PrintStream open() {
        if ("-".equals(destination)) {
            return standard;
        }
        try {
            return new PrintStream(new FileOutputStream(destination, true), false, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.println(name + ": cannot open " + destination + " (" + e.getMessage() + "), writing to the standard stream");
            return standard;
        }
    }

    /** @return {@code -} or the path */
    public String destination() {
        return destination;
    }

    /** @return whether this log goes to a file that {@link #reopen()} can replace */
    public boolean isFile() {
        return !"-".equals(destination);
    }

    /**
     * Writes under the stream's lock and flushes. A writer that took the old stream just as
     * {@link #reopen()} swapped it writes to the new one instead of into the closed one.
     */
    public void write(Consumer<PrintStream> lines) {
        while (true) {
            PrintStream stream = out;
            synchronized (stream) {
                if (stream == out) {
                    lines.accept(stream);
                    stream.flush();
                    return;
                }
            }
        }
    }

    /** Opens the file anew (USR1); the old stream is flushed and closed once no line is being written to it. */
    public void reopen() {
        if (!isFile()) {
            return;
        }
        PrintStream old = out;
        out = open();
        synchronized (old) {
            old.flush();
            if (old != standard) {
                old.close();
            }
        }
    }
}
