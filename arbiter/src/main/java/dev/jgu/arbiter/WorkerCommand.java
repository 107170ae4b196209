package dev.jgu.arbiter;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a worker JVM's command line: the java executable, jgu's defaults for
 * workers, the AOT cache flag when one fits, the operator's {@code jvm_opts}, the
 * flags every worker needs, the classpath (jgu's worker jars, then the app's), and
 * {@code WorkerMain} with its arguments.
 *
 * <p>HotSpot takes the last occurrence of a flag, so any default is overridden by
 * the same flag in {@code jvm_opts} ({@code --jvm-opt -XX:+UseG1GC --jvm-opt -Xss1m}).
 */
final class WorkerCommand {

    static final String MAIN = "dev.jgu.workers.runtime.WorkerMain";

    /**
     * Flags every worker needs, set by the arbiter so operators never have to.
     * DisplayVMOutputToStderr sends the JVM's own output (thread dumps on QUIT)
     * to stderr, which is the error log.
     */
    static final List<String> REQUIRED_FLAGS = List.of(
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "-XX:+DisplayVMOutputToStderr");

    /**
     * Defaults for a process-per-core server, where each worker JVM shares the host
     * with one sibling per core:
     * <ul>
     *   <li>Serial GC: no parallel GC threads fighting the siblings for cores, the
     *       smallest footprint, and short young pauses for request garbage;</li>
     *   <li>a 16 MiB initial heap, so an idle worker stays small, growing on demand up
     *       to {@link #maxRamPercent()} of RAM (three quarters of RAM shared by one
     *       worker per core);</li>
     *   <li>512 KiB thread stacks for the platform threads (gthread pools);</li>
     *   <li>exit on OutOfMemoryError: the arbiter replaces the worker, which beats a
     *       JVM limping on.</li>
     * </ul>
     */
    static List<String> defaultFlags() {
        return List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:MaxRAMPercentage=" + maxRamPercent(), "-Xss512k",
                "-XX:+UseCompressedOops", "-XX:+ExitOnOutOfMemoryError");
    }

    /** 75% of RAM divided among one worker per core, never under 5% nor over 25% (the JVM's own default). */
    static String maxRamPercent() {
        double share = 75.0 / Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "%.1f", Math.max(5.0, Math.min(25.0, share)));
    }

    /** The jgu-owned AOT flags we never add when the operator already chose a sharing mode. */
    private static final List<String> OPERATOR_SHARING = List.of("-XX:AOT", "-XX:SharedArchiveFile", "-Xshare",
            "-XX:+AutoCreateSharedArchive", "-XX:ArchiveClassesAtExit");

    /** Keys for which one worker of this arbiter already got the training flag. */
    private static final Set<String> TRAINING = ConcurrentHashMap.newKeySet();

    private WorkerCommand() {
    }

    static String javaExecutable(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return ownJava();
    }

    private static String ownJava() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** jgu's worker jars: {@code $JGU_HOME/lib/*}, or an explicit {@code jgu.worker.classpath}. */
    static String jguClasspath() {
        String explicit = System.getProperty("jgu.worker.classpath");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String home = System.getProperty("jgu.home");
        if (home != null && Files.isDirectory(Path.of(home, "lib"))) {
            return Path.of(home, "lib").toAbsolutePath() + File.separator + "*";
        }
        // Not run from the distribution (tests, IDE): reuse our own classpath.
        return System.getProperty("java.class.path");
    }

    /**
     * The app's classpath, after logback's jars ({@code $JGU_HOME/lib/logback/*}) when {@code logconfig} asks for
     * logback: without it, no worker loads or even lists them.
     */
    static List<String> appClasspath(List<String> classpath, String logconfig) {
        String home = System.getProperty("jgu.home");
        if (logconfig == null || logconfig.isBlank() || home == null || !Files.isDirectory(Path.of(home, "lib", "logback"))) {
            return classpath;
        }
        List<String> entries = new ArrayList<>();
        entries.add(Path.of(home, "lib", "logback").toAbsolutePath() + File.separator + "*");
        entries.addAll(classpath);
        return entries;
    }

    /**
     * @param aotMode the {@code aot} setting
     * @param aotDir the {@code aot_dir} setting, or null for its default
     */
    static List<String> build(String java, List<String> jvmOpts, List<String> appClasspath, String aotMode, String aotDir,
                              List<String> workerArgs) {
        StringBuilder cp = new StringBuilder(jguClasspath());
        for (String entry : appClasspath) {
            cp.append(File.pathSeparatorChar).append(absolute(entry));
        }
        List<String> flags = new ArrayList<>(defaultFlags());
        flags.addAll(jvmOpts);
        flags.addAll(REQUIRED_FLAGS);
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(defaultFlags());
        cmd.addAll(aotFlags(java, flags, cp.toString(), aotMode, aotDir(aotDir)));
        cmd.addAll(jvmOpts);
        cmd.addAll(REQUIRED_FLAGS);
        cmd.add("-cp");
        cmd.add(cp.toString());
        cmd.add(MAIN);
        cmd.addAll(workerArgs);
        return cmd;
    }

    /**
     * JDK 25's AOT cache (JEP 483/514/515: classes loaded and linked, method profiles)
     * cuts a worker's boot. A cache fits one JVM build, one set of flags and one
     * classpath of jars only, so it is kept per key (a hash of all three, jar sizes
     * and mtimes included) in {@code dir}. The {@code aot} setting picks the mode:
     * <ul>
     *   <li>{@code auto} (default): use the cache for this key when it exists;</li>
     *   <li>{@code train}: when it does not, one worker records one
     *       ({@code -XX:AOTCacheOutput}); the JVM writes it when that worker exits
     *       after a graceful stop (a second or two more), later workers use it;</li>
     *   <li>{@code off}: never.</li>
     * </ul>
     * Nothing is added, and the JVM's default CDS archive still applies, when the
     * worker runs another java than the arbiter's, the JDK is older than 25, the
     * classpath holds a directory, or {@code jvm_opts} chooses a sharing mode itself.
     */
    static List<String> aotFlags(String java, List<String> flags, String classpath, String mode, Path dir) {
        if (mode.equals("off") || Runtime.version().feature() < 25 || !java.equals(ownJava())
                || flags.stream().anyMatch(f -> OPERATOR_SHARING.stream().anyMatch(f::startsWith))) {
            return List.of();
        }
        String key = aotKey(flags, classpath);
        if (key == null) {
            return List.of();
        }
        Path cache = dir.resolve("worker-" + key + ".aot");
        if (Files.isRegularFile(cache)) {
            return List.of("-XX:AOTCache=" + cache);
        }
        if (mode.equals("train") && TRAINING.add(key)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                return List.of();
            }
            return List.of("-XX:AOTCacheOutput=" + cache);
        }
        return List.of();
    }

    /** The {@code aot_dir} setting ({@code $JGU_AOT_DIR}), else {@code $JGU_HOME/aot} when writable, else {@code $TMPDIR/jgu-aot-USER}. */
    static Path aotDir(String configured) {
        if (configured != null) {
            return Path.of(configured);
        }
        String home = System.getProperty("jgu.home");
        if (home != null && Files.isWritable(Path.of(home))) {
            return Path.of(home, "aot");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "jgu-aot-" + System.getProperty("user.name"));
    }

    /** @return the cache key, or null when an entry is not a jar (the AOT cache needs jars only) */
    static String aotKey(List<String> flags, String classpath) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
        update(sha, System.getProperty("java.home"));
        update(sha, System.getProperty("java.vm.version"));
        flags.forEach(f -> update(sha, f));
        for (String entry : classpath.split(File.pathSeparator)) {
            List<Path> jars = new ArrayList<>();
            if (entry.endsWith(File.separator + "*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 2));
                try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                    found.forEach(jars::add);
                } catch (IOException e) {
                    return null;
                }
                jars.sort(null);
            } else {
                jars.add(Path.of(entry));
            }
            for (Path jar : jars) {
                if (!Files.isRegularFile(jar)) {
                    return null;
                }
                try {
                    update(sha, jar.toAbsolutePath() + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis());
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 12);
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static String absolute(String entry) {
        if (entry.endsWith("/*")) {
            return Path.of(entry.substring(0, entry.length() - 2)).toAbsolutePath() + "/*";
        }
        return Path.of(entry).toAbsolutePath().toString();
    }
}
