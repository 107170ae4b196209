package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jgu-VERSION.tar.gz unpacked with tar into a temp dir serves from there, from any
 * directory and through symlinks; the launcher finds a JDK itself and says plainly
 * when there is none.
 */
class TarballIT {

    private static final Duration COMMAND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static String version() {
        String name = JguProcess.home().getFileName().toString();
        return name.substring("jgu-".length());
    }

    private Path unpack() throws Exception {
        Path tarball = Path.of(JguProcess.home() + ".tar.gz");
        assertTrue(Files.isRegularFile(tarball), "the build makes " + tarball);
        Path opt = Files.createDirectories(dir.resolve("opt"));
        RealProgram.ok(dir, COMMAND, "tar", "-xzf", tarball.toString(), "-C", opt.toString());
        try (var top = Files.list(opt)) {
            assertEquals(List.of(opt.resolve("jgu-" + version())), top.toList(), "one top-level directory");
        }
        return opt.resolve("jgu-" + version());
    }

    @Test
    void tarballHoldsLauncherLibsSamplesAndReadme() throws Exception {
        Path home = unpack();
        for (String file : List.of("bin/jgu", "etc/sv/jgu/run", "etc/sv/jgu/log/run")) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(home.resolve(file));
            assertTrue(mode.contains(PosixFilePermission.OTHERS_EXECUTE) && mode.contains(PosixFilePermission.OWNER_EXECUTE),
                    file + " is executable: " + mode);
        }
        for (String file : List.of("bin/find-java", "lib/jgu-spi.jar", "lib/jgu-workers-sync.jar", "lib/jgu-examples.jar",
                "lib/arbiter/jgu-arbiter.jar", "lib/arbiter/jnr-posix.jar", "README.md", "etc/jgu.conf",
                "etc/systemd/system/jgu.service", "etc/systemd/system/jgu.socket", "etc/supervisor/conf.d/jgu.conf",
                "etc/nginx/sites-available/jgu", "etc/logrotate.d/jgu", "etc/tmpfiles.d/jgu.conf")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file + " is in the tarball");
        }
        assertFalse(Files.exists(home.resolve("aot")), "no AOT cache from the build machine");
        try (var arbiterOnly = Files.list(home.resolve("lib"))) {
            assertTrue(arbiterOnly.noneMatch(p -> p.getFileName().toString().startsWith("jnr")), "workers' lib/ holds no jnr");
        }
        assertNoTestApps(home);
    }

    /** The apps the process tests run (dev.jgu.testapps) are not shipped: lib/ is on every worker's classpath. */
    private static void assertNoTestApps(Path home) throws Exception {
        List<Path> jars;
        try (var files = Files.walk(home)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        assertTrue(jars.contains(home.resolve("lib/jgu-examples.jar")), "the walk sees the shipped jars: " + jars);
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                List<String> fixtures = file.stream().map(JarEntry::getName).filter(n -> n.startsWith("dev/jgu/testapps/")).toList();
                assertEquals(List.of(), fixtures, jar + " ships test apps");
            }
        }
        try (JarFile examples = new JarFile(home.resolve("lib/jgu-examples.jar").toFile())) {
            assertTrue(examples.getEntry("dev/jgu/examples/Hello.class") != null, "the README's Hello is shipped");
            assertEquals(null, examples.getEntry("dev/jgu/examples/Probe.class"), "Probe moved to the test apps");
        }
    }

    @Test
    void runsFromAnotherDirectoryAndThroughSymlinks() throws Exception {
        Path home = unpack();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path bin = Files.createDirectories(dir.resolve("usr/local/bin"));
        Path absolute = Files.createSymbolicLink(bin.resolve("jgu"), home.resolve("bin/jgu"));
        // a relative link to that link: the launcher resolves the whole chain
        Path chained = Files.createSymbolicLink(elsewhere.resolve("jgu-link"), elsewhere.relativize(absolute));

        for (Path launcher : List.of(home.resolve("bin/jgu"), absolute, chained)) {
            String out = RealProgram.ok(elsewhere, COMMAND, launcher.toString(), "--version");
            assertTrue(out.contains("jgu " + version()), launcher + " --version:\n" + out);
            assertTrue(out.matches("(?s).*java \\d+.*"), "and the JVM's version:\n" + out);
        }
        // no JAVA_HOME: the launcher finds a JDK >= 21 in the usual place
        RealProgram.Result scanned = RealProgram.run(elsewhere, COMMAND, Map.of("JAVA_HOME", ""), chained.toString(), "--version");
        assertEquals(0, scanned.exit(), scanned.output());
        assertTrue(scanned.output().contains("jgu " + version()), scanned.output());

        try (JguProcess jgu = JguProcess.startCommand(elsewhere,
                List.of(chained.toString(), "-w", "1", "-b", "127.0.0.1:0", "dev.jgu.examples.Hello"), Map.of())) {
            String address = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(1);
            assertEquals(jgu.pid(), RealProgram.pidAfter(jgu.err(), "starting jgu:", "arbiter"),
                    "the launcher execs java: the pid started is the arbiter");
            HttpProbe.Reply reply = HttpProbe.get(address, "/");
            assertEquals(200, reply.status());
            assertEquals("Hello, world!\n", reply.body());
            // The worker's command line now shows its title; the jars it opened show where it runs from.
            List<String> opened = openFiles(workers.iterator().next());
            assertTrue(opened.stream().anyMatch(f -> f.startsWith(home.resolve("lib").toString())), "the worker runs the unpacked jars: " + opened);
            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        }
    }

    @Test
    void saysWhichJdksItFoundWhenNoneIsRecentEnough() throws Exception {
        Path launcher = JguProcess.home().resolve("bin/jgu");
        Path empty = Files.createDirectories(dir.resolve("no-jdks"));
        RealProgram.Result none = RealProgram.run(dir, COMMAND,
                Map.of("JAVA_HOME", "/nonexistent", "JGU_JDK_DIRS", empty.toString()), launcher.toString(), "--version");
        assertEquals(1, none.exit(), none.output());
        assertTrue(none.output().contains("jgu: no JDK >= 21 found."), none.output());
        assertTrue(none.output().contains("JAVA_HOME=/nonexistent: no bin/java there"), none.output());
        assertTrue(none.output().contains("searched " + empty), none.output());
        assertTrue(none.output().contains("set JAVA_HOME"), none.output());

        // An old JDK is recognised by its release file; its java is never started for that.
        Path jdks = Files.createDirectories(dir.resolve("jdks"));
        Path old = Files.createDirectories(jdks.resolve("jdk-17/bin"));
        Path ran = dir.resolve("old-java-ran");
        Files.writeString(old.resolve("java"), "#!/bin/sh\ntouch " + ran + "\nexit 1\n");
        old.resolve("java").toFile().setExecutable(true);
        Files.writeString(jdks.resolve("jdk-17/release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"17.0.9\"\n");
        RealProgram.Result tooOld = RealProgram.run(dir, COMMAND, Map.of("JAVA_HOME", "", "JGU_JDK_DIRS", jdks.toString()),
                launcher.toString(), "--version");
        assertEquals(1, tooOld.exit(), tooOld.output());
        assertTrue(tooOld.output().contains(jdks.resolve("jdk-17") + ": Java 17, too old"), tooOld.output());
        assertTrue(tooOld.output().contains("JAVA_HOME is not set"), tooOld.output());
        assertFalse(Files.exists(ran), "the launcher read the release file instead of running java");
    }

    /** The files a process holds open, from its fd links. */
    private static List<String> openFiles(long pid) throws IOException {
        List<String> files = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    files.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed since listed
                }
            }
        }
        return files;
    }
}
