package dev.jgu.workers.runtime;

import dev.jgu.logging.LogFile;
import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.spi.Log;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The access log: one line per request, in Gunicorn's {@code access_log_format} with the
 * same atoms ({@link TextAccessFormat}) or, for {@code json}, one JSON object a line
 * ({@link JsonAccessFormat}). The request thread formats its line; {@link AccessLogWriter}
 * writes it, off the request's path. {@link #close} (the worker's exit) and
 * {@link #reopen} (USR1) lose no line and write none twice.
 */
public final class AccessLog {

    /** Queued bytes before request threads wait: a few thousand lines. */
    static final int QUEUE_BYTES = 1 << 20;
    /** How long a request thread waits for room before the destination counts as stuck. */
    static final Duration FULL_WAIT = Duration.ofSeconds(1);
    /** How long USR1 waits for the writer to switch files. */
    static final Duration REOPEN_WAIT = Duration.ofSeconds(5);

    private final AccessFormat format;
    private final AccessLogWriter writer;
    private final Log errors;
    private final LogFile file;

    /**
     * @param destination {@code -} for stdout, else a file (appended to)
     * @param format the {@code access_log_format}
     * @param errors the error log, for what goes wrong with this one
     */
    public AccessLog(String destination, String format, Log errors) {
        this(new LogFile(LoggingSettings.ACCESSLOG.name(), destination, System.out), format, errors, QUEUE_BYTES, FULL_WAIT);
    }

    AccessLog(LogFile file, String format, Log errors, int queueBytes, Duration fullWait) {
        this.format = AccessFormat.of(format, new AccessTime(ZoneId.systemDefault()));
        this.errors = errors;
        this.file = file;
        this.writer = new AccessLogWriter(file, errors, queueBytes, fullWait);
    }

    /**
     * Formats the line for one request and queues it.
     *
     * @param request the request (never null here)
     * @param response the app's response, or null
     * @param status the status sent
     * @param bytes body bytes sent
     * @param nanos the request's duration
     */
    public void log(Request request, Response response, int status, long bytes, long nanos) {
        byte[] line;
        try {
            line = format.line(new AccessEntry(request, response, status, bytes, nanos, System.currentTimeMillis()));
        } catch (RuntimeException e) {
            errors.error("access log: cannot format the line: status=" + status, e);
            return;
        }
        writer.add(line);
    }

    /** Reopens the file (USR1, after logrotate moved it); returns once later lines go to the new one. */
    public void reopen() {
        if (!writer.reopen(REOPEN_WAIT)) {
            errors.warn("access log: reopen still waits for the writer after " + REOPEN_WAIT.toMillis()
                    + "ms; it happens after the line being written");
        }
    }

    /**
     * Writes every queued line, then writes later ones on the caller's thread.
     *
     * @param wait at most this long, for a destination that does not take lines
     */
    public void close(Duration wait) {
        int queued = writer.queuedBytes();
        if (queued > 0) {
            errors.info("access log: writing queued lines before exit: bytes=" + queued + " destination=" + file.destination());
        }
        if (!writer.close(wait)) {
            errors.warn("access log: lines still queued at exit after " + wait.toMillis() + "ms: destination=" + file.destination());
        }
    }
}
