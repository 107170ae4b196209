package dev.jgu.workers.runtime;

/** What turns a finished request into one access-log line: a Gunicorn template, or {@code json}. */
interface AccessFormat {

    /** The reserved {@code access_log_format} value that picks {@link JsonAccessFormat}. */
    String JSON = "json";

    /**
     * @param entry the request
     * @return the line's UTF-8 bytes, newline included
     */
    byte[] line(AccessEntry entry);

    /**
     * @param format the {@code access_log_format} setting
     * @param time the clock's rendering
     */
    static AccessFormat of(String format, AccessTime time) {
        return JSON.equals(format.strip()) ? new JsonAccessFormat(time) : new TextAccessFormat(format, time);
    }
}
