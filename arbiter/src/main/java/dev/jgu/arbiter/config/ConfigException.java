package dev.jgu.arbiter.config;

import dev.jgu.spi.ExitCodes;

import java.util.List;

/**
 * A configuration jgu refuses. Each problem names the setting, the value, what
 * was expected and where the value came from:
 * {@code workers: must be >= 1, got 0 (jgu.conf:7)}. The message is every
 * problem, one per line.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    ConfigException(String problem) {
        this(List.of(problem));
    }

    /** @return each problem on its own */
    public List<String> problems() {
        return problems;
    }

    /** @return the exit status for a configuration error: 2 */
    public int exitCode() {
        return ExitCodes.USAGE;
    }
}
