package dev.jgu.workers.runtime;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The access log's two time forms, in the JVM's default zone (Gunicorn's {@code time.strftime}
 * uses the local zone too): {@code [02/Dec/2026:21:55:21 +0000]} for {@code %(t)s} and
 * {@code 2026-12-02T21:55:21.123+00:00} for the JSON format. The rendering of the last
 * second is kept, so most lines format no date at all.
 */
final class AccessTime {

    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ROOT);
    private static final DateTimeFormatter ISO_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter ISO_OFFSET = DateTimeFormatter.ofPattern("xxx", Locale.ROOT);

    private record Second(long epochSecond, String clf, String isoSecond, String isoOffset) {
    }

    private final ZoneId zone;
    private volatile Second last = new Second(Long.MIN_VALUE, "", "", "");

    AccessTime(ZoneId zone) {
        this.zone = zone;
    }

    /** @return {@code [dd/MMM/yyyy:HH:mm:ss Z]} */
    String clf(long epochMillis) {
        return second(epochMillis).clf;
    }

    /** @return ISO 8601 with milliseconds and the zone's offset */
    String iso(long epochMillis) {
        Second s = second(epochMillis);
        long millis = Math.floorMod(epochMillis, 1000L);
        char[] ms = {'.', (char) ('0' + millis / 100), (char) ('0' + millis / 10 % 10), (char) ('0' + millis % 10)};
        return s.isoSecond + new String(ms) + s.isoOffset;
    }

    private Second second(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000L);
        Second s = last;
        if (s.epochSecond != epochSecond) {
            ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(zone);
            s = new Second(epochSecond, CLF.format(t), ISO_SECOND.format(t), ISO_OFFSET.format(t));
            last = s;
        }
        return s;
    }
}
