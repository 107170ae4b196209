package dev.jgu.protocol;

import dev.jgu.logging.JguLogging;
import dev.jgu.logging.JulBridge;
import dev.jgu.logging.LogSink;
import dev.jgu.logging.SyslogSender;
import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.protocol.settings.ProcessNamingSettings;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.spi.Log;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error log of the arbiter and of every worker, written through slf4j: by default jgu's own provider
 * ({@code jgu-logging}) writes Gunicorn's line {@code [2026-11-25 10:00:00 +0000] [4121] [INFO] message} to
 * stderr ({@code -}) or to a file that {@link #reopen()} reopens after logrotate moved it, with a copy to
 * syslog when asked; with {@code logconfig}, logback does what its own configuration file says.
 *
 * <p>{@link #open} sets up the process's logging (backend, sink, JUL bridge) from the settings; the two-argument
 * constructor makes a log of its own destination, apart from the process's (tests, the arbiter's preload).
 */
public final class ErrorLog implements Log {

    /** Levels in Gunicorn's order. */
    public enum Level { DEBUG, INFO, WARNING, ERROR, CRITICAL }

    private static volatile ErrorLog process;

    private final Logger logger;
    private final LogSink own;
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

    private ErrorLog(Logger logger, LogSink own) {
        this.logger = logger;
        this.own = own;
    }

    /**
     * A log of its own destination and level, apart from the process's error log (under logback, it is the
     * {@code jgu} logger, whose destination logback's file decides).
     *
     * @param destination {@code -} for stderr, else a file path (appended to)
     * @param level the lowest level written
     */
    public ErrorLog(String destination, Level level) {
        this(ownSink(destination, level));
    }

    private ErrorLog(LogSink own) {
        this(own == null ? LoggerFactory.getLogger("jgu") : JguLogging.logger("jgu", own), own);
    }

    private static LogSink ownSink(String destination, Level level) {
        if (process == null && System.getProperty("slf4j.provider") == null) {
            JguLogging.selectBackend(null);
        }
        return JguLogging.ownProviderBound() ? new LogSink(destination, toLogging(level), null) : null;
    }

    /**
     * Sets up the process's logging from its settings, once, before any other logger is made: the backend
     * (logback when {@code logconfig} is set), the error log file and level, syslog, and the bridge that brings
     * {@code java.util.logging} into it.
     *
     * @param settings the process's settings
     * @param name the logger of jgu's own lines ({@code jgu.arbiter}, {@code jgu.worker})
     * @return the log
     * @throws IllegalArgumentException naming the setting when the logging settings cannot be used
     */
    public static ErrorLog open(SettingValues settings, String name) {
        return open(settings, name, null);
    }

    /**
     * As {@link #open(SettingValues, String)}, with syslog's UNIX datagram socket when there is one.
     *
     * @param settings the process's settings
     * @param name the logger of jgu's own lines
     * @param syslogSocket a UNIX datagram socket connected to syslog (made by the arbiter), or null
     * @return the log
     */
    public static ErrorLog open(SettingValues settings, String name, java.io.FileDescriptor syslogSocket) {
        JguLogging.selectBackend(settings.get(LoggingSettings.LOGCONFIG));
        dev.jgu.logging.Level level = dev.jgu.logging.Level.parse(settings.get(LoggingSettings.LOGLEVEL));
        if (JguLogging.ownProviderBound()) {
            SyslogSender syslog = null;
            if (Boolean.TRUE.equals(settings.get(LoggingSettings.SYSLOG))) {
                syslog = syslogSocket != null
                        ? SyslogSender.startOnSocket(syslogSocket, settings.get(LoggingSettings.SYSLOG_ADDR), syslogTag(settings),
                                settings.get(LoggingSettings.SYSLOG_FACILITY))
                        : SyslogSender.start(settings.get(LoggingSettings.SYSLOG_ADDR), syslogTag(settings),
                                settings.get(LoggingSettings.SYSLOG_FACILITY));
            }
            JguLogging.configure(new LogSink(settings.get(LoggingSettings.ERRORLOG), level, syslog));
        }
        JulBridge.install(JguLogging.ownProviderBound() ? level : rootLevel());
        ErrorLog log = new ErrorLog(LoggerFactory.getLogger(name), null);
        process = log;
        return log;
    }

    /** Under another backend, JUL's level follows its root logger's (logback's {@code <root level>}). */
    private static dev.jgu.logging.Level rootLevel() {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.isTraceEnabled()) {
            return dev.jgu.logging.Level.TRACE;
        }
        if (root.isDebugEnabled()) {
            return dev.jgu.logging.Level.DEBUG;
        }
        if (root.isInfoEnabled()) {
            return dev.jgu.logging.Level.INFO;
        }
        return root.isWarnEnabled() ? dev.jgu.logging.Level.WARNING : dev.jgu.logging.Level.ERROR;
    }

    /** Gunicorn's {@code gunicorn.PREFIX.error}: the prefix is {@code syslog_prefix}, else {@code proc_name}. */
    static String syslogTag(SettingValues settings) {
        String prefix = settings.get(LoggingSettings.SYSLOG_PREFIX);
        if (prefix == null || prefix.isBlank()) {
            prefix = settings.get(ProcessNamingSettings.PROC_NAME);
        }
        return prefix == null || prefix.isBlank() ? "jgu.error" : "jgu." + prefix.replace(':', '.') + ".error";
    }

    /** @return the process's error log when {@link #open} set it up, else one on stderr at INFO */
    public static ErrorLog processLog() {
        ErrorLog log = process;
        return log != null ? log : new ErrorLog("-", Level.INFO);
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

    private static dev.jgu.logging.Level toLogging(Level level) {
        return dev.jgu.logging.Level.valueOf(level.name());
    }

    /** Reopens the log file (USR1, after logrotate renamed it); under logback, logback's appenders. */
    public void reopen() {
        String reopened;
        if (own != null) {
            own.reopen();
            reopened = own.isFile() ? own.destination() : null;
        } else {
            reopened = JguLogging.reopen();
        }
        if (reopened != null) {
            info("reopened log file: " + reopened);
        }
    }

    /** @return where lines go: {@code -} or a path ({@code logconfig} under logback) */
    public String destination() {
        if (own != null) {
            return own.destination();
        }
        return JguLogging.ownProviderBound() ? JguLogging.sink().destination() : JguLogging.backendName();
    }

    /** @return the process's sink under jgu's provider (capture_output writes there), or null under another backend */
    public LogSink sink() {
        if (own != null) {
            return own;
        }
        return JguLogging.ownProviderBound() ? JguLogging.sink() : null;
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
        switch (at) {
            case DEBUG -> logger.debug(message, cause);
            case INFO -> logger.info(message, cause);
            case WARNING -> logger.warn(message, cause);
            case ERROR -> logger.error(message, cause);
            case CRITICAL -> logger.error(JguLogging.CRITICAL, message, cause);
        }
    }

    @Override
    public void debug(String message) {
        logger.debug(message);
    }

    @Override
    public void info(String message) {
        logger.info(message);
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
        return logger.isDebugEnabled();
    }
}
