package dev.jgu.protocol.settings;

/**
 * A value a setting does not accept. The caller adds the setting and the
 * source: {@code workers: must be >= 1, got 0 (jgu.conf:7)}.
 */
public final class BadValue extends Exception {

    private static final long serialVersionUID = 1L;

    private final String expectation;
    private final String shown;

    /**
     * @param expectation what was expected ({@code must be >= 1}, {@code expected an integer})
     * @param shown the offending value as the user wrote it ({@code 0}, {@code "four"})
     */
    public BadValue(String expectation, String shown) {
        super(expectation + ", got " + shown, null, false, false);
        this.expectation = expectation;
        this.shown = shown;
    }

    /** @return what was expected ({@code must be >= 1}) */
    public String expectation() {
        return expectation;
    }

    /** @return the offending value as the user wrote it */
    public String shown() {
        return shown;
    }

    /**
     * @param setting the setting's name
     * @param source where the value came from, precise enough to find it ({@code jgu.conf:7}, {@code env PORT})
     * @return the full message: {@code workers: must be >= 1, got 0 (jgu.conf:7)}
     */
    public String describe(String setting, String source) {
        return setting + ": " + expectation + ", got " + shown + " (" + source + ")";
    }
}
