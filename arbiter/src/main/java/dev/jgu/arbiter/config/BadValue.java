package dev.jgu.arbiter.config;

/**
 * A value a setting does not accept. The caller adds the setting and the
 * source: {@code workers: must be >= 1, got 0 (jgu.conf:7)}.
 */
final class BadValue extends Exception {

    private static final long serialVersionUID = 1L;

    private final String expectation;
    private final String shown;

    /**
     * @param expectation what was expected ({@code must be >= 1}, {@code expected an integer})
     * @param shown the offending value as the user wrote it ({@code 0}, {@code "four"})
     */
    BadValue(String expectation, String shown) {
        super(expectation + ", got " + shown, null, false, false);
        this.expectation = expectation;
        this.shown = shown;
    }

    String expectation() {
        return expectation;
    }

    String shown() {
        return shown;
    }

    /** The full message for {@code setting} read from {@code source}. */
    String describe(String setting, Source source) {
        return setting + ": " + expectation + ", got " + shown + " (" + source.detail() + ")";
    }
}
