package dev.jgu.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * user, group, umask, chdir and raw_env reach the workers; a worker user that cannot read the install is refused
 * at start. Each test runs its own copy of the distribution, so the mode of the directory the repo was cloned
 * into (a 0700 home or mktemp dir) does not decide the outcome.
 */
class IdentityIT {

    /** A short command (cp, chmod, rm) of a few MB in temp dirs. */
    private static final java.time.Duration COMMAND = java.time.Duration.ofSeconds(60);

    @TempDir
    Path dir;
    /** Directories 'nobody' can enter (JUnit's temp dir is 0700), removed after each test. */
    private final List<Path> shared = new java.util.ArrayList<>();

    @AfterEach
    void removeSharedDirs() throws Exception {
        for (Path path : shared) {
            RealProgram.ok(dir, COMMAND, "rm", "-rf", "--", path.toString());
        }
    }

    @Test
    void workersRunAsConfiguredUserGroupUmaskAndDirectory() throws Exception {
        assumeRoot();
        Path workDir = sharedDir("rwxr-xr-x");
        Path launcher = installCopy(sharedDir("rwxr-xr-x"));
        Path apps = testAppsCopy(sharedDir("rwxr-xr-x"));
        Path sock = dir.resolve("jgu.sock");
        try (JguProcess jgu = JguProcess.startCommand(dir, List.of(launcher.toString(), "--classpath", apps.toString(),
                "-w", "1", "-b", "unix:" + sock,
                "-u", "nobody", "-g", "nogroup", "-m", "0o027", "--chdir", workDir.toString(), "-e", "GREETING=hi",
                "dev.jgu.testapps.Probe"), Map.of())) {
            jgu.listeners(1);
            long worker = jgu.awaitWorkers(1).iterator().next();
            Map<String, String> status = status(worker);
            assertEquals("65534", status.get("Uid").split("\\s+")[0], status.toString());
            assertEquals("65534", status.get("Gid").split("\\s+")[0], status.toString());
            assertEquals("0027", status.get("Umask"), status.toString());
            assertEquals(workDir.toRealPath(), Path.of("/proc/" + worker + "/cwd").toRealPath());
            assertTrue(new String(Files.readAllBytes(Path.of("/proc/" + worker + "/environ"))).contains("GREETING=hi"));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)), "socket mode from umask 027");
            assertEquals(200, HttpProbe.get("unix:" + sock, "/").status(), "a worker running as nobody serves");
        }
    }

    @Test
    void workerUserThatCannotReachTheInstallClasspathOrChdirIsRefusedWithExit3() throws Exception {
        assumeRoot();
        Path privateDir = sharedDir("rwx------");
        Path launcher = installCopy(privateDir);
        Path readable = sharedDir("rwxr-xr-x");
        Path jar = Files.createFile(readable.resolve("app.jar"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Path workDir = Files.createDirectory(privateDir.resolve("work"));
        Path apps = testAppsCopy(readable);
        try (JguProcess jgu = JguProcess.startCommand(dir, List.of(launcher.toString(), "-w", "1", "-b", "127.0.0.1:0",
                "-u", "nobody", "--classpath", apps.toString(), "--classpath", jar.toString(), "--chdir", workDir.toString(),
                "dev.jgu.testapps.Probe"),
                Map.of())) {
            assertEquals(3, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
            String err = jgu.err();
            String who = "workers run as nobody (uid=65534 gid=65534)";
            assertTrue(err.contains(who + " and cannot read and list " + launcher.getParent().getParent().resolve("lib")
                    + " (jgu's worker jars): no search (x) permission on the directory " + privateDir
                    + " [" + privateDir + " is rwx------ root:root]"), err);
            assertTrue(err.contains(who + " and cannot read " + jar + " (classpath): no read (r) permission [" + jar
                    + " is rw------- root:root]"), err);
            assertTrue(err.contains(who + " and cannot enter " + workDir + " (chdir): no search (x) permission on the directory "
                    + privateDir), err);
            assertTrue(err.contains("workers cannot start: their user cannot reach"), err);
            assertFalse(err.contains("spawned worker"), "no worker is spawned:\n" + err);
        }
    }

    private void assumeRoot() throws Exception {
        boolean root = "0".equals(RealProgram.ok(dir, COMMAND, "id", "-u").trim());
        if (!root) {
            System.err.println("!!! IdentityIT SKIPPED: switching workers to another user needs root");
        }
        assumeTrue(root, "needs root");
    }

    private Path sharedDir(String mode) throws java.io.IOException {
        Path path = Files.createTempDirectory("jgu-identity-");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        shared.add(path);
        return path;
    }

    /** Copies the built distribution into {@code parent}, readable by all; returns its launcher. */
    private static Path installCopy(Path parent) throws Exception {
        Path copy = parent.resolve("jgu");
        RealProgram.ok(parent, COMMAND, "cp", "-R", JguProcess.home().toString(), copy.toString());
        RealProgram.ok(parent, COMMAND, "chmod", "-R", "a+rX", copy.toString());
        return copy.resolve("bin/jgu");
    }

    /** Copies the test apps' jar into {@code parent}, readable by all: the build's copy may lie under a 0700 dir. */
    private static Path testAppsCopy(Path parent) throws java.io.IOException {
        Path copy = Files.copy(JguProcess.testApps(), parent.resolve(JguProcess.testApps().getFileName()));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    private static Map<String, String> status(long pid) throws java.io.IOException {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return fields;
    }
}
