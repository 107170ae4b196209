package dev.jgu.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The real {@code bin/jgu} launcher of the built distribution, started in a temp
 * dir for one test: its output goes to files the test reads, every wait is
 * bounded by the {@link #bounds} its settings imply, and {@link #close()} kills it
 * and every process it started, by pid.
 */
final class JguProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening: address=(\\S+)");
    /** The arbiter's line for a worker's own readiness (docs/design.md, "Transitions"). */
    private static final Pattern READY = Pattern.compile("worker=\\d+ pid=(\\d+) booting -> ready");

    final Path dir;
    final Path stdout;
    final Path stderr;
    /** Where the arbiter logs: {@code --error-logfile} when given, else stderr. */
    final Path errorLog;
    final Process process;
    /** How long this jgu may take, from the timeouts it was started with. */
    final Bounds bounds;
    private final Set<Long> seenWorkers = new TreeSet<>();

    private JguProcess(Path dir, Process process, Bounds bounds, Path errorLog) {
        this.dir = dir;
        this.stdout = dir.resolve("stdout.log");
        this.stderr = dir.resolve("stderr.log");
        this.errorLog = errorLog != null ? errorLog : stderr;
        this.process = process;
        this.bounds = bounds;
    }

    static Path home() {
        String home = System.getProperty("jgu.dist.home");
        if (home == null) {
            throw new IllegalStateException("system property jgu.dist.home is not set (run through mvn verify)");
        }
        return Path.of(home);
    }

    /**
     * The jar of the apps and hooks the tests run ({@code dev.jgu.testapps}). It is not in the
     * distribution's {@code lib/}, so a test names it as an app's jars are named: {@code --classpath},
     * or {@code classpath} in a {@code jgu.conf}.
     */
    static Path testApps() {
        String jar = System.getProperty("jgu.test.apps");
        if (jar == null) {
            throw new IllegalStateException("system property jgu.test.apps is not set (run through mvn verify)");
        }
        return Path.of(jar);
    }

    /** The {@code jgu.conf} line that puts the test apps on the classpath. */
    static String testAppsConf() {
        return "classpath = [\"" + testApps() + "\"]\n";
    }

    static JguProcess start(Path dir, List<String> args) throws IOException {
        return start(dir, args, Map.of());
    }

    /** Starts {@code bin/jgu} with the test apps on {@code --classpath} (more {@code --classpath} options add to it). */
    static JguProcess start(Path dir, List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home().resolve("bin/jgu").toString());
        cmd.addAll(List.of("--classpath", testApps().toString()));
        cmd.addAll(args);
        return startCommand(dir, cmd, env);
    }

    /** Starts a command that ends up exec'ing the launcher (e.g. systemd-socket-activate, supervisord's child). */
    static JguProcess startCommand(Path dir, List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile());
        pb.environment().remove("JGU_CMD_ARGS");
        if (!env.containsKey("XDG_RUNTIME_DIR")) {
            // The arbiter's default control socket goes under $XDG_RUNTIME_DIR/jgu: one of the test's own,
            // so tests running in parallel never see each other's arbiters there (or in ~/.jgu).
            Path runtime = Files.createDirectories(dir.resolve("xdg-runtime"));
            Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        }
        pb.environment().putAll(env);
        String errorLogfile = option(cmd, "--error-logfile");
        return new JguProcess(dir, pb.start(), Bounds.of(dir, cmd, env), errorLogfile == null ? null : dir.resolve(errorLogfile));
    }

    /**
     * The value a command line gives one of {@code names} last, as {@code -x V}, {@code --long V}
     * or {@code --long=V}, as jgu reads it; null when none is given.
     */
    static String option(List<String> args, String... names) {
        String value = null;
        for (int i = 0; i < args.size(); i++) {
            for (String name : names) {
                if (args.get(i).equals(name) && i + 1 < args.size()) {
                    value = args.get(i + 1);
                } else if (name.startsWith("--") && args.get(i).startsWith(name + "=")) {
                    value = args.get(i).substring(name.length() + 1);
                }
            }
        }
        return value;
    }

    long pid() {
        return process.pid();
    }

    String err() {
        return read(stderr);
    }

    String out() {
        return read(stdout);
    }

    /** The error log's text: stderr, or the {@code --error-logfile}. */
    String log() {
        return read(errorLog);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the error log contains {@code text} at least {@code times} times. */
    void awaitLog(String text, int times, Duration timeout) {
        await(() -> count(log(), text) >= times, timeout, () -> "log line '" + text + "' x" + times + " in:\n" + log());
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** The listeners the arbiter logged, in bind order. */
    List<String> listeners(int expected) {
        await(() -> listening().size() >= expected, bounds.boot(), () -> expected + " listening lines:\n" + log());
        return listening();
    }

    private List<String> listening() {
        List<String> found = new ArrayList<>();
        Matcher m = LISTENING.matcher(log());
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /**
     * Waits until the arbiter has exactly {@code n} live workers, each of which the arbiter has
     * logged ready ({@code worker=N pid=PID booting -> ready}), and returns their pids.
     */
    Set<Long> awaitWorkers(int n) {
        Set<Long> ready = awaitReadyChildren(pid(), n, this::log, bounds.boot());
        seenWorkers.addAll(ready);
        return ready;
    }

    /** The pids the arbiter logged as ready in {@code log}: each worker's own line, not a count of them. */
    static Set<Long> readyPids(String log) {
        Set<Long> pids = new TreeSet<>();
        Matcher m = READY.matcher(log);
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    /**
     * Waits until {@code arbiter} has exactly {@code n} live children and {@code log} has the ready
     * line of each one, and returns them. A worker that retired or was replaced since no longer
     * counts, and one that is still booting does not yet.
     */
    static Set<Long> awaitReadyChildren(long arbiter, int n, Supplier<String> log, Duration bound) {
        AtomicReference<Set<Long>> live = new AtomicReference<>(Set.of());
        await(() -> {
            live.set(children(arbiter));
            return live.get().size() == n && readyPids(log.get()).containsAll(live.get());
        }, bound, () -> n + " ready workers of arbiter " + arbiter + ", have " + live.get() + ", logged ready "
                + readyPids(log.get()));
        return live.get();
    }

    /**
     * Whether the process still runs. A zombie has exited: it holds no socket,
     * fd or memory, only an exit status for its parent. An orphaned worker's
     * zombie waits for PID 1, which in a container may reap only every few
     * seconds, and {@link ProcessHandle#isAlive()} counts it as alive.
     */
    static boolean running(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return false;
        }
        // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'
        int close = stat.lastIndexOf(')');
        char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        return state != 'Z' && state != 'X';
    }

    /** The arbiter's live child processes. */
    Set<Long> workerPids() {
        Set<Long> pids = children(pid());
        seenWorkers.addAll(pids);
        return pids;
    }

    /** The running (not zombie) child processes of {@code pid}, in order. */
    static Set<Long> children(long pid) {
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children).map(ProcessHandle::pid)
                .filter(JguProcess::running).collect(Collectors.toCollection(TreeSet::new));
    }

    void signal(String name) throws IOException, InterruptedException {
        signal(pid(), name);
    }

    static void signal(long pid, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("jgu (pid " + pid() + ") did not exit within " + timeout + "\nstderr:\n" + err());
        }
        return process.exitValue();
    }

    static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get());
            }
        }
    }

    /** Every process this test has seen under the arbiter (workers, a re-executed arbiter and its workers). */
    Set<Long> seenWorkers() {
        workerPids();
        for (Long pid : List.copyOf(seenWorkers)) {
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> seenWorkers.add(d.pid())));
        }
        ProcessHandle.of(pid()).ifPresent(p -> p.descendants().forEach(d -> seenWorkers.add(d.pid())));
        return seenWorkers;
    }

    /** Kills the launcher's process and every process seen under it, and waits until they are gone. */
    @Override
    public void close() {
        Set<Long> pids = new TreeSet<>(seenWorkers());
        pids.add(pid());
        ProcessTree.kill(pids);
    }
}
