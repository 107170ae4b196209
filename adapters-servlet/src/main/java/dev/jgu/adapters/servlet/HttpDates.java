package dev.jgu.adapters.servlet;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The three HTTP-date forms of RFC 9110 5.6.7, parsed. */
final class HttpDates {

    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US)
            .withZone(java.time.ZoneOffset.UTC);

    private HttpDates() {
    }

    /**
     * @param value an HTTP-date
     * @return milliseconds since the epoch, or -1 when it is none of the three forms
     */
    static long parse(String value) {
        String v = value.trim();
        for (DateTimeFormatter f : new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
            try {
                return ZonedDateTime.parse(v.replaceAll("\\s+", " "), f).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return -1;
    }
}
