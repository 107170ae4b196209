package dev.jgu.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} field line (RFC 9110 §6.6.1, IMF-fixdate), formatted at most once a second. */
final class DateHeader {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Cached(long second, byte[] line) {
    }

    private static volatile Cached cached = new Cached(-1, new byte[0]);

    private DateHeader() {
    }

    /** @return {@code Date: ...\r\n} for the current second */
    static byte[] line() {
        long now = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != now) {
            String s = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(now)) + "\r\n";
            c = new Cached(now, s.getBytes(StandardCharsets.US_ASCII));
            cached = c;
        }
        return c.line;
    }
}
