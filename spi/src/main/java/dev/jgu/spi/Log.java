package dev.jgu.spi;

/**
 * The server's error log, as worker classes and the HTTP codec use it. Lines are
 * {@code event: key=value ...}; the implementation adds time, pid and level.
 */
public interface Log {

    /** @param message the line */
    void debug(String message);

    /** @param message the line */
    void info(String message);

    /** @param message the line */
    void warn(String message);

    /** @param message the line */
    void error(String message);

    /**
     * Logs a line with a stack trace.
     *
     * @param message the line
     * @param cause the exception
     */
    void error(String message, Throwable cause);

    /** @return whether debug lines are written */
    boolean debugEnabled();
}
