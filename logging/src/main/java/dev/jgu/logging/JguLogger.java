package dev.jgu.logging;

import java.io.Serial;
import java.util.function.Supplier;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger of jgu's provider: every check and line goes to the process's {@link LogSink} (read at each call,
 * so a logger made before the error log was configured follows it), or to a sink of its own.
 */
final class JguLogger extends LegacyAbstractLogger {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Supplier<LogSink> sink;

    JguLogger(String name, Supplier<LogSink> sink) {
        this.name = name;
        this.sink = sink;
    }

    @Override
    public boolean isTraceEnabled() {
        return sink.get().enabled(dev.jgu.logging.Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return sink.get().enabled(dev.jgu.logging.Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return sink.get().enabled(dev.jgu.logging.Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return sink.get().enabled(dev.jgu.logging.Level.WARNING);
    }

    @Override
    public boolean isErrorEnabled() {
        return sink.get().enabled(dev.jgu.logging.Level.ERROR);
    }

    /** CRITICAL is ERROR with a marker: at {@code loglevel critical} it must pass where a plain ERROR does not. */
    @Override
    public boolean isErrorEnabled(Marker marker) {
        return sink.get().enabled(levelOf(Level.ERROR, marker));
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String message = arguments == null || arguments.length == 0 ? String.valueOf(pattern)
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        sink.get().write(levelOf(level, marker), name, message, throwable);
    }

    static dev.jgu.logging.Level levelOf(Level level, Marker marker) {
        return switch (level) {
            case TRACE -> dev.jgu.logging.Level.TRACE;
            case DEBUG -> dev.jgu.logging.Level.DEBUG;
            case INFO -> dev.jgu.logging.Level.INFO;
            case WARN -> dev.jgu.logging.Level.WARNING;
            case ERROR -> marker != null && JguLogging.CRITICAL.getName().equals(marker.getName())
                    ? dev.jgu.logging.Level.CRITICAL : dev.jgu.logging.Level.ERROR;
        };
    }
}
