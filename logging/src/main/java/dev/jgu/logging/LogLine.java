package dev.jgu.logging;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Gunicorn's error-log line, {@code [2026-11-25 10:00:00 +0000] [4121] [INFO] message}. A line of an app's
 * logger (any name outside {@code jgu}) names it after the level, {@code [INFO] [com.example.Shop] message},
 * so an operator can tell the app's lines from the server's.
 */
final class LogLine {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** The formatted second, kept: formatting a date costs more than the rest of the line. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second last = new Second(Long.MIN_VALUE, "");

    private LogLine() {
    }

    static String format(long epochMillis, long pid, Level level, String logger, String message) {
        StringBuilder line = new StringBuilder(message.length() + 64);
        line.append('[').append(time(epochMillis)).append("] [").append(pid).append("] [").append(level).append("] ");
        if (logger != null && !isOwn(logger)) {
            line.append('[').append(logger).append("] ");
        }
        return line.append(message).toString();
    }

    /** @return whether the logger is one of jgu's own ({@code jgu}, {@code jgu.*}, {@code dev.jgu.*}) */
    static boolean isOwn(String logger) {
        return logger.equals("jgu") || logger.startsWith("jgu.") || logger.startsWith("dev.jgu.");
    }

    static String time(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second cached = last;
        if (cached.epochSecond() != second) {
            cached = new Second(second, TIME.format(Instant.ofEpochSecond(second)));
            last = cached;
        }
        return cached.text();
    }
}
