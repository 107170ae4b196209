package dev.jgu.logging;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code java.util.logging} records to slf4j, so an app (or a library: Jersey, Tomcat's pieces) that logs
 * through JUL lands in the error log with its worker's pid. It replaces the root logger's console handler.
 * The root level is set to the error log's, so a JUL call below it is refused by JUL's own integer check,
 * before any record is made: JUL's cost stays that of a disabled call.
 */
public final class JulBridge extends Handler {

    private final Formatter messages = new SimpleFormatter();

    private JulBridge() {
    }

    /**
     * Installs the bridge on JUL's root logger, unless a {@code java.util.logging.config.file} was given
     * (the operator configured JUL then).
     *
     * @param level the least severe level the error log writes
     * @return whether it was installed
     */
    public static boolean install(Level level) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return false;
        }
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new JulBridge());
        root.setLevel(julLevel(level));
        return true;
    }

    static java.util.logging.Level julLevel(Level level) {
        return switch (level) {
            case TRACE -> java.util.logging.Level.ALL;
            case DEBUG -> java.util.logging.Level.FINE;
            case INFO -> java.util.logging.Level.INFO;
            case WARNING -> java.util.logging.Level.WARNING;
            case ERROR, CRITICAL -> java.util.logging.Level.SEVERE;
        };
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        String name = record.getLoggerName() == null ? "jul" : record.getLoggerName();
        Logger logger = LoggerFactory.getLogger(name.isEmpty() ? "jul" : name);
        int value = record.getLevel().intValue();
        if (value >= java.util.logging.Level.SEVERE.intValue()) {
            if (logger.isErrorEnabled()) {
                logger.error(text(record), record.getThrown());
            }
        } else if (value >= java.util.logging.Level.WARNING.intValue()) {
            if (logger.isWarnEnabled()) {
                logger.warn(text(record), record.getThrown());
            }
        } else if (value >= java.util.logging.Level.INFO.intValue()) {
            if (logger.isInfoEnabled()) {
                logger.info(text(record), record.getThrown());
            }
        } else if (value >= java.util.logging.Level.FINE.intValue()) {
            if (logger.isDebugEnabled()) {
                logger.debug(text(record), record.getThrown());
            }
        } else if (logger.isTraceEnabled()) {
            logger.trace(text(record), record.getThrown());
        }
    }

    private String text(LogRecord record) {
        try {
            return messages.formatMessage(record);
        } catch (RuntimeException e) {
            return String.valueOf(record.getMessage());
        }
    }

    @Override
    public void flush() {
        // every line is flushed as it is written
    }

    @Override
    public void close() {
        // nothing held
    }
}
