package dev.jgu.arbiter.config;

/**
 * Where a value came from. {@link #label()} is what {@code --print-config} and
 * {@link Config#sourceOf} show ({@code default}, {@code jgu.conf:7}, {@code env},
 * {@code cli}); {@link #detail()} is what an error message names, precise
 * enough to find the value ({@code JGU_CMD_ARGS}, {@code env PORT}).
 *
 * @param label the short form
 * @param detail the form used in error messages
 */
record Source(String label, String detail) {

    static final Source DEFAULT = new Source("default", "default");
    static final Source CLI = new Source("cli", "cli");
    static final Source CMD_ARGS = new Source("env", "JGU_CMD_ARGS");

    /** A line of a config file, named by the file's own name ({@code jgu.conf:7}). */
    static Source file(String fileName, int line) {
        String where = line > 0 ? fileName + ":" + line : fileName;
        return new Source(where, where);
    }

    /** A default taken from an environment variable ({@code PORT}, {@code WEB_CONCURRENCY}). */
    static Source envVar(String name) {
        return new Source("env", "env " + name);
    }
}
