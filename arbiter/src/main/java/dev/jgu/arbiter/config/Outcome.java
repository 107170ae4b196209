package dev.jgu.arbiter.config;

/** What {@link Cli#parse} decided: exit now with a status, or serve a configuration. */
public sealed interface Outcome {

    /**
     * Help, version, a check or an error was handled; exit with this status.
     *
     * @param code 0, 1 (failed {@code --check-config}) or 2 (usage or configuration error)
     */
    record Exit(int code) implements Outcome {
    }

    /**
     * Start the arbiter.
     *
     * @param config the resolved configuration; its app is set
     */
    record Serve(Config config) implements Outcome {
    }
}
