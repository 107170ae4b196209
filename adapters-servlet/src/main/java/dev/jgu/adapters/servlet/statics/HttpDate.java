package dev.jgu.adapters.servlet.statics;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, read in all three formats. English names
 * come from {@code Locale.US}: the root locale's CLDR data has no full day names.
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private HttpDate() {
    }

    /**
     * @param epochMillis a time
     * @return it as an IMF-fixdate
     */
    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * RFC 850 dates have two-digit years: RFC 9110 §5.6.7 reads one more than 50 years in the
     * future as the latest past year with those digits, so the century window moves with the clock.
     */
    private static DateTimeFormatter rfc850() {
        return new DateTimeFormatterBuilder()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, Year.now(ZoneOffset.UTC).getValue() - 49)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US);
    }

    /** @return the date in epoch milliseconds, or -1 when {@code value} is not an HTTP date */
    public static long parse(String value) {
        if (value == null) {
            return -1;
        }
        String text = value.strip();
        try {
            return IMF_FIXDATE.parse(text, Instant::from).toEpochMilli();
        } catch (DateTimeParseException notFixdate) {
            for (DateTimeFormatter format : List.of(rfc850(), ASCTIME)) {
                try {
                    return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e) {
                    // try the next format; a value none accepts is "not a valid HTTP-date" (RFC 9110 §13.1.3)
                }
            }
            return -1;
        }
    }
}
