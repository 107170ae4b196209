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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** user, group, umask, chdir and raw_env reach the workers. */
class IdentityIT {

    @TempDir
    Path dir;
    Path workDir;

    @AfterEach
    void removeWorkDir() throws java.io.IOException {
        if (workDir != null) {
            Files.deleteIfExists(workDir);
        }
    }

    @Test
    void workersRunAsConfiguredUserGroupUmaskAndDirectory() throws Exception {
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
        if (!root) {
            System.err.println("!!! IdentityIT SKIPPED: switching workers to another user needs root");
        }
        assumeTrue(root, "needs root");
        // A directory 'nobody' can enter (the JUnit temp dir is 0700).
        workDir = Files.createTempDirectory("jgu-identity-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path sock = dir.resolve("jgu.sock");
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "unix:" + sock, "-u", "nobody", "-g", "nogroup",
                "-m", "0o027", "--chdir", workDir.toString(), "-e", "GREETING=hi", "dev.jgu.examples.Probe"), Map.of())) {
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

    private static Map<String, String> status(long pid) throws java.io.IOException {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return fields;
    }
}
