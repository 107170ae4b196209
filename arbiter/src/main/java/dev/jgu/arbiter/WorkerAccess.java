package dev.jgu.arbiter;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before the first spawn, that the workers' user can reach what a worker JVM needs: the java
 * executable, jgu's worker jars, every {@code classpath} entry and the {@code chdir} directory. Without it a
 * worker running as {@code nobody} under a 0700 home dies at once with the JVM's "Could not find or load main
 * class", again and again, and the operator never sees the cause.
 *
 * <p>The check runs as that user (through the same {@code setpriv} prefix as a worker, with {@code test -r/-x}),
 * so the kernel's own rules decide: groups, ACLs and capabilities included.
 */
final class WorkerAccess {

    /** What a worker does with a path, and the {@code test} flags that prove it can. */
    enum Use {
        READ("read", "-r"),
        LIST("read and list", "-r", "-x"),
        ENTER("enter", "-x"),
        EXECUTE("execute", "-x");

        final String verb;
        final List<String> flags;

        Use(String verb, String... flags) {
            this.verb = verb;
            this.flags = List.of(flags);
        }
    }

    /** One path a worker needs, what for, and why (for the message). */
    record Need(Path path, Use use, String what) {
    }

    private static final long PROBE_SECONDS = 10;
    /** Pairs of (test flag, path); prints each pair whose test fails, NUL-terminated. */
    private static final String PROBE = "while [ $# -ge 2 ]; do test \"$1\" \"$2\" || printf '%s %s\\0' \"$1\" \"$2\"; shift 2; done";

    private WorkerAccess() {
    }

    /** The paths a worker JVM started with {@code java}, these classpaths and this directory needs. */
    static List<Need> needs(String java, String jguClasspath, List<String> appClasspath, String chdir) {
        List<Need> needs = new ArrayList<>();
        needs.add(new Need(Path.of(java), Use.EXECUTE, "the java executable"));
        classpath(List.of(jguClasspath.split(File.pathSeparator)), "jgu's worker jars", needs);
        classpath(appClasspath, "classpath", needs);
        if (chdir != null && !chdir.isBlank()) {
            needs.add(new Need(Path.of(chdir), Use.ENTER, "chdir"));
        }
        return needs;
    }

    private static void classpath(List<String> entries, String what, List<Need> needs) {
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1));
                needs.add(new Need(dir, Use.LIST, what));
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                    jars.forEach(jar -> needs.add(new Need(jar, Use.READ, what)));
                } catch (IOException e) {
                    // The LIST need above reports an unreadable directory; a missing one is AppLoader's to report.
                }
            } else {
                Path path = Path.of(entry);
                needs.add(new Need(path, Files.isDirectory(path) ? Use.LIST : Use.READ, what));
            }
        }
    }

    /**
     * @param identity the workers' identity; nothing is checked when it keeps the arbiter's
     * @param user the user as configured, for the message
     * @return one line per need the user cannot reach, naming the path, the use and the missing permission
     */
    static List<String> problems(WorkerIdentity identity, String user, List<Need> needs) throws IOException {
        if (!identity.changes()) {
            return List.of();
        }
        // Each need's ancestors must be enterable, then the need itself usable; the first failure explains it.
        Map<Need, List<Check>> chains = new LinkedHashMap<>();
        Set<Check> all = new LinkedHashSet<>();
        for (Need need : needs) {
            Path path = need.path().toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                continue;
            }
            List<Check> chain = new ArrayList<>();
            for (Path dir = path.getParent(); dir != null; dir = dir.getParent()) {
                chain.add(0, new Check("-x", dir));
            }
            need.use().flags.forEach(flag -> chain.add(new Check(flag, path)));
            chains.put(need, chain);
            all.addAll(chain);
        }
        Set<Check> failed = probe(identity, all);
        List<String> problems = new ArrayList<>();
        // One line per cause: the jars of a directory nobody can enter share the line of the directory.
        Set<String> causes = new LinkedHashSet<>();
        chains.forEach((need, chain) -> chain.stream().filter(failed::contains).findFirst()
                .filter(check -> causes.add(need.what() + " " + check))
                .ifPresent(check -> problems.add(describe(identity, user, need, check))));
        return problems;
    }

    private record Check(String flag, Path path) {
    }

    private static Set<Check> probe(WorkerIdentity identity, Set<Check> checks) throws IOException {
        List<String> cmd = new ArrayList<>(identity.prefix());
        cmd.addAll(List.of("/bin/sh", "-c", PROBE, "sh"));
        for (Check check : checks) {
            cmd.add(check.flag());
            cmd.add(check.path().toString());
        }
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("the access probe (" + cmd.get(0) + ") did not finish within " + PROBE_SECONDS + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while probing worker access");
        }
        if (process.exitValue() != 0) {
            throw new IOException("the access probe exited with " + process.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8).strip());
        }
        Set<Check> failed = new LinkedHashSet<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\0")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                failed.add(new Check(line.substring(0, space), Path.of(line.substring(space + 1))));
            }
        }
        return failed;
    }

    private static String describe(WorkerIdentity identity, String user, Need need, Check check) {
        String who = (user == null || user.isBlank() ? "" : user + " ") + "(" + identity.describe() + ")";
        String permission = check.path().equals(need.path().toAbsolutePath().normalize())
                ? ("-r".equals(check.flag()) ? "no read (r) permission" : need.use() == Use.EXECUTE
                        ? "no execute (x) permission" : "no search (x) permission")
                : "no search (x) permission on the directory " + check.path();
        return "workers run as " + who + " and cannot " + need.use().verb + " " + need.path() + " (" + need.what()
                + "): " + permission + " [" + mode(check.path()) + "]";
    }

    private static String mode(Path path) {
        try {
            PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class);
            return path + " is " + PosixFilePermissions.toString(attrs.permissions()) + " " + attrs.owner().getName()
                    + ":" + attrs.group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return path + ": " + e.getMessage();
        }
    }
}
