package dev.jgu.logging;

import java.util.Locale;

/** Error-log levels in Gunicorn's order, with the syslog severity of each (RFC 5424 §6.2.1). */
public enum Level {
    TRACE(7), DEBUG(7), INFO(6), WARNING(4), ERROR(3), CRITICAL(2);

    private final int severity;

    Level(int severity) {
        this.severity = severity;
    }

    /** @return the syslog severity */
    public int severity() {
        return severity;
    }

    /**
     * Parses a {@code loglevel} value.
     *
     * @param name trace, debug, info, warning (or warn), error, critical; any case
     * @return the level, INFO when null or unknown
     */
    public static Level parse(String name) {
        if (name == null) {
            return INFO;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> TRACE;
            case "debug" -> DEBUG;
            case "warning", "warn" -> WARNING;
            case "error" -> ERROR;
            case "critical" -> CRITICAL;
            default -> INFO;
        };
    }
}
