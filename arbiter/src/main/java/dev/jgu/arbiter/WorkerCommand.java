package dev.jgu.arbiter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a worker JVM's command line: the java executable, jgu's flags for
 * workers, the operator's {@code jvm_opts}, the classpath (jgu's worker jars,
 * then the app's), and {@code WorkerMain} with its arguments.
 */
final class WorkerCommand {

    static final String MAIN = "dev.jgu.workers.core.WorkerMain";

    /**
     * Flags every worker needs, set by the arbiter so operators never have to.
     * DisplayVMOutputToStderr sends the JVM's own output (thread dumps on QUIT)
     * to stderr, which is the error log.
     */
    static final List<String> REQUIRED_FLAGS = List.of(
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "-XX:+DisplayVMOutputToStderr");

    /** Defaults for a process-per-core server; any of them can be overridden with jvm_opts. */
    static final List<String> DEFAULT_FLAGS = List.of("-XX:+UseSerialGC", "-XX:+UseCompressedOops");

    private WorkerCommand() {
    }

    static String javaExecutable(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
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

    static List<String> build(String java, List<String> jvmOpts, List<String> appClasspath, List<String> workerArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(DEFAULT_FLAGS);
        cmd.addAll(jvmOpts);
        cmd.addAll(REQUIRED_FLAGS);
        StringBuilder cp = new StringBuilder(jguClasspath());
        for (String entry : appClasspath) {
            cp.append(File.pathSeparatorChar).append(absolute(entry));
        }
        cmd.add("-cp");
        cmd.add(cp.toString());
        cmd.add(MAIN);
        cmd.addAll(workerArgs);
        return cmd;
    }

    private static String absolute(String entry) {
        if (entry.endsWith("/*")) {
            return Path.of(entry.substring(0, entry.length() - 2)).toAbsolutePath() + "/*";
        }
        return Path.of(entry).toAbsolutePath().toString();
    }
}
