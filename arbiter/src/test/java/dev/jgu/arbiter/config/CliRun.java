package dev.jgu.arbiter.config;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** One in-process run of {@link Cli#parse}, with what it printed. */
record CliRun(Outcome outcome, String out, String err) {

    static CliRun of(Path cwd, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome outcome;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            outcome = Cli.parse(args, env, cwd, o, e);
        }
        return new CliRun(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** @return the exit status, or -1 when the outcome is to serve */
    int code() {
        return outcome instanceof Outcome.Exit exit ? exit.code() : -1;
    }

    Config config() {
        if (outcome instanceof Outcome.Serve serve) {
            return serve.config();
        }
        throw new AssertionError("expected to serve, got " + outcome + "\nout: " + out + "\nerr: " + err);
    }
}
