package dev.jgu.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real program the deployment tests drive jgu with (nginx, supervisord, runsv):
 * started in the foreground with its own temp config, output to files, and on
 * {@link #close()} killed with every process it started, by pid. Also runs the
 * short commands that go with it ({@code supervisorctl}, {@code sv}) with a bound.
 */
final class RealProgram implements AutoCloseable {

    /** A finished short command. */
    record Result(int exit, String output) {
    }

    final Process process;
    final Path log;
    private final Set<Long> seen = new TreeSet<>();

    private RealProgram(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips the calling test, loudly, when one of {@code programs} is not installed. */
    static void assumeInstalled(String test, String... programs) {
        for (String program : programs) {
            boolean found = Files.isExecutable(Path.of(program));
            if (!found) {
                System.err.println("!!! " + test + " SKIPPED: " + program
                        + " is missing (scripts/install-system-packages installs it with apt-get when run as root)");
            }
            assumeTrue(found, program + " is not installed");
        }
    }

    static RealProgram start(Path dir, String name, List<String> cmd, Map<String, String> env) throws IOException {
        Path log = dir.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("JGU_CMD_ARGS");
        pb.environment().putAll(env);
        return new RealProgram(pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return read(log);
    }

    /** Remembers the processes under the program now, so {@link #close()} kills them even if they get re-parented. */
    void track(long... pids) {
        for (long pid : pids) {
            seen.add(pid);
        }
        ProcessHandle.of(pid()).ifPresent(p -> p.descendants().forEach(d -> seen.add(d.pid())));
    }

    static Result run(Path dir, Duration timeout, String... cmd) throws IOException, InterruptedException {
        return run(dir, timeout, Map.of(), cmd);
    }

    static Result run(Path dir, Duration timeout, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cmd", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("JGU_CMD_ARGS");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            ProcessTree.kill(List.of(p.pid()));
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout + ":\n" + read(out));
        }
        String output = read(out);
        Files.delete(out);
        return new Result(p.exitValue(), output);
    }

    /** Runs a command that must succeed, and returns its output. */
    static String ok(Path dir, Duration timeout, String... cmd) throws IOException, InterruptedException {
        Result r = run(dir, timeout, cmd);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    /** Waits until {@code file} has at least {@code lines} lines. */
    static void awaitLines(Path file, int lines, Duration bound) {
        JguProcess.await(() -> read(file).lines().count() >= lines, bound, () -> lines + " lines in " + file);
    }

    /** @return the file's text, empty while it does not exist */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * A file shipped in the distribution's {@code etc/}, with the site-specific paths
     * replaced for a temp dir. Each {@code from -> to} pair must match at least once, so a
     * test notices when a sample changes under it.
     */
    static String etcSample(String relative, String... fromTo) throws IOException {
        String text = Files.readString(JguProcess.home().resolve("etc").resolve(relative));
        for (int i = 0; i < fromTo.length; i += 2) {
            if (!text.contains(fromTo[i])) {
                throw new AssertionError("etc/" + relative + " no longer contains '" + fromTo[i] + "':\n" + text);
            }
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        return text;
    }

    /** The pid in the first {@code key=PID} of {@code text} after {@code marker}. */
    static long pidAfter(String text, String marker, String key) {
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("no '" + marker + "' in:\n" + text);
        }
        int k = text.indexOf(key + "=", at) + key.length() + 1;
        int end = k;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Long.parseLong(text.substring(k, end));
    }

    /** The address in the last {@code listening: address=...} line of {@code log} containing {@code prefix}. */
    static String listening(String log, String prefix) {
        String found = null;
        for (String line : log.split("\n")) {
            int at = line.indexOf("listening: address=");
            if (at >= 0) {
                String address = line.substring(at + "listening: address=".length()).split(" ")[0];
                if (address.startsWith(prefix)) {
                    found = address;
                }
            }
        }
        if (found == null) {
            throw new AssertionError("no listening line for " + prefix + " in:\n" + log);
        }
        return found;
    }

    static List<String> words(String line) {
        return new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
    }

    /** Kills the program and every process seen under it, and waits until they are gone. */
    @Override
    public void close() {
        track();
        Set<Long> pids = new TreeSet<>(seen);
        pids.add(pid());
        ProcessTree.kill(pids);
    }
}
