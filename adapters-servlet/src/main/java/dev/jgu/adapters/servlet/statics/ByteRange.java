package dev.jgu.adapters.servlet.statics;

import java.util.Locale;

/**
 * The one byte range a GET asked for (RFC 9110 §14), clamped to the representation.
 *
 * @param first the first byte, or -1 for a range no byte satisfies
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {

    /** A Range header none of whose ranges overlaps the representation: 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    /**
     * @param header the Range header value
     * @param length the representation's length
     * @return the range; {@link #UNSATISFIABLE}; or null when the whole representation is to be
     *     sent with 200: a unit other than bytes, a syntax error, or several ranges (RFC 9110 §14.2
     *     lets a server ignore Range, which spares jgu multipart/byteranges)
     */
    static ByteRange parse(String header, long length) {
        String value = header.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String[] specs = value.substring(6).split(",");
        String spec = null;
        for (String candidate : specs) {
            if (!candidate.isBlank()) {
                if (spec != null) {
                    return null;
                }
                spec = candidate.strip();
            }
        }
        if (spec == null) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        long first = digits(spec.substring(0, dash));
        long last = digits(spec.substring(dash + 1));
        if (dash == 0) {
            return last < 0 ? null : suffix(last, length);
        }
        if (first < 0 || (dash + 1 < spec.length() && (last < 0 || last < first))) {
            return null;
        }
        if (first >= length) {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, last < 0 ? length - 1 : Math.min(last, length - 1));
    }

    private static ByteRange suffix(long suffixLength, long length) {
        if (suffixLength == 0 || length == 0) {
            return UNSATISFIABLE;
        }
        return new ByteRange(Math.max(0, length - suffixLength), length - 1);
    }

    /** @return the value of 1*DIGIT, or -1 when it is not one (or overflows a long) */
    private static long digits(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(text);
    }

    boolean satisfiable() {
        return first >= 0;
    }

    long length() {
        return last - first + 1;
    }

    /** @return the Content-Range value for a 206 */
    String contentRange(long totalLength) {
        return String.format(Locale.ROOT, "bytes %d-%d/%d", first, last, totalLength);
    }
}
