package dev.jgu.protocol;

/**
 * StatsD lines as Gunicorn's {@code instrument/statsd.py} writes them, under jgu's
 * names: {@code PREFIX.jgu.requests:1|c}, {@code ...:12.345|ms}, {@code ...:2|g},
 * {@code ...:5|h}, each followed by {@code |#TAGS} when DogStatsD tags are set.
 */
public final class StatsdFormat {

    private final String prefix;
    private final String tags;

    /**
     * @param prefix {@code statsd_prefix}: trailing dots are dropped and one dot is added, as
     *               Gunicorn does ({@code app} and {@code app..} both give {@code app.}); empty for none
     * @param tags {@code dogstatsd_tags}, e.g. {@code env:prod,team:web}; empty for none
     */
    public StatsdFormat(String prefix, String tags) {
        this.prefix = joinable(prefix == null ? "" : prefix.strip());
        this.tags = tags == null || tags.isBlank() ? "" : "|#" + tags.strip();
    }

    /** @return the prefix as it precedes every name: empty, or ending in one dot */
    public String prefix() {
        return prefix;
    }

    private static String joinable(String prefix) {
        int end = prefix.length();
        while (end > 0 && prefix.charAt(end - 1) == '.') {
            end--;
        }
        return end == 0 ? "" : prefix.substring(0, end) + ".";
    }

    /** A counter: {@code name:value|c}. */
    public String counter(String name, long value) {
        return line(name, Long.toString(value), "c");
    }

    /** A gauge: {@code name:value|g}. */
    public String gauge(String name, long value) {
        return line(name, Long.toString(value), "g");
    }

    /** A timer in milliseconds with microsecond resolution: {@code name:12.345|ms}. */
    public String timer(String name, long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long fraction = micros % 1_000;
        String value = (micros / 1_000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
        return line(name, value, "ms");
    }

    /** A histogram: {@code name:value|h}. */
    public String histogram(String name, long value) {
        return line(name, Long.toString(value), "h");
    }

    private String line(String name, String value, String type) {
        return prefix + name + ':' + value + '|' + type + tags;
    }
}
