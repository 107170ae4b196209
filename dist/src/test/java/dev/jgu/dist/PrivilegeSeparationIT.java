package dev.jgu.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Privilege separation, run as root: workers started with {@code user}/{@code group} run as that
 * user and group with no supplementary groups and cannot read a root-only file; the pidfile and a
 * {@code unix:} socket in a world-writable sticky directory cannot be redirected through a symbolic
 * link planted there, while a stale pidfile of a dead process is still replaced.
 */
class PrivilegeSeparationIT {

    /** A short command (cp, chmod, rm) of a few MB in temp dirs. */
    private static final Duration COMMAND = Duration.ofSeconds(60);
    /** Supplementary groups the arbiter is started with (adm, sudo), which workers must not keep. */
    private static final String ARBITER_GROUPS = "4,27";

    @TempDir
    Path dir;
    /** Directories other users can enter (JUnit's temp dir is 0700), removed after each test. */
    private final List<Path> shared = new ArrayList<>();
    /** A world-writable sticky directory, as /tmp is: where an attacker plants links. */
    private Path sticky;

    @BeforeEach
    void rootOnly() throws Exception {
        boolean root = "0".equals(RealProgram.ok(dir, COMMAND, "id", "-u").trim());
        if (!root) {
            System.err.println("!!! PrivilegeSeparationIT SKIPPED: switching workers to another user needs root");
        }
        assumeTrue(root, "PrivilegeSeparationIT needs root (workers switch to nobody:nogroup)");
        sticky = sharedDir("rwxrwxrwx");
        RealProgram.ok(dir, COMMAND, "chmod", "1777", sticky.toString());
    }

    @AfterEach
    void removeSharedDirs() throws Exception {
        for (Path path : shared) {
            RealProgram.ok(dir, COMMAND, "rm", "-rf", "--", path.toString());
        }
    }

    @Test
    void workersRunAsNobodyWithoutGroupsAndCannotReadARootOnlyFile() throws Exception {
        ReliabilityRecord record = new ReliabilityRecord("6-privsep-identity", "Privilege separation",
                "workers as nobody:nogroup under a root arbiter: ids, groups, a root-only file");
        try {
            Path launcher = installCopy(sharedDir("rwxr-xr-x"));
            Path apps = testAppsCopy(sharedDir("rwxr-xr-x"));
            Path files = sharedDir("rwxr-xr-x");
            Path secret = Files.writeString(files.resolve("secret"), "root only\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Path open = Files.writeString(files.resolve("open"), "anyone\n");
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
            Path sock = sticky.resolve("jgu.sock");
            Path pidfile = sticky.resolve("jgu.pid");
            long dead = deadPid();
            Files.writeString(pidfile, dead + "\n");
            List<String> cmd = List.of("/usr/bin/setpriv", "--groups=" + ARBITER_GROUPS, "--",
                    launcher.toString(), "--classpath", apps.toString(), "-w", "2", "-b", "unix:" + sock,
                    "-u", "nobody", "-g", "nogroup", "--chdir", files.toString(), "-p", pidfile.toString(),
                    "dev.jgu.testapps.FileReader");
            try (JguProcess jgu = JguProcess.startCommand(dir, cmd, Map.of())) {
                jgu.listeners(1);
                List<Long> workers = new ArrayList<>(jgu.awaitWorkers(2));
                Map<String, String> arbiter = status(jgu.pid());
                assertEquals("0", arbiter.get("Uid").split("\\s+")[0], arbiter.toString());
                assertEquals("4 27", arbiter.get("Groups"), "the arbiter has supplementary groups to drop");
                record.figure("workers checked", workers.size());
                for (long worker : workers) {
                    Map<String, String> status = status(worker);
                    assertEquals(List.of("65534", "65534", "65534", "65534"), List.of(status.get("Uid").split("\\s+")),
                            "real, effective, saved and fs uid of worker " + worker);
                    assertEquals(List.of("65534", "65534", "65534", "65534"), List.of(status.get("Gid").split("\\s+")),
                            "real, effective, saved and fs gid of worker " + worker);
                    assertEquals("", status.get("Groups"), "supplementary groups of worker " + worker);
                    assertEquals("0000000000000000", status.get("CapEff"), "capabilities of worker " + worker);
                    record.figure("worker " + worker, "Uid " + status.get("Uid").replaceAll("\\s+", " ") + ", Gid "
                            + status.get("Gid").replaceAll("\\s+", " ")
                            + ", Groups '" + status.get("Groups") + "', CapEff " + status.get("CapEff"));
                }
                HttpProbe.Reply denied = read(sock, secret);
                HttpProbe.Reply allowed = read(sock, open);
                record.figure("read of a root-only file (0600 root)", denied.status() + " " + denied.body().trim());
                record.figure("read of a file readable by all", allowed.status());
                assertTrue(record.bound("a worker cannot read " + secret + " (status " + denied.status() + ")",
                        denied.status() == 403 && denied.body().contains("AccessDeniedException")), denied.toString());
                assertEquals(200, allowed.status(), allowed.toString());
                assertEquals("anyone\n", allowed.body());
                assertTrue(workers.contains(Long.parseLong(HttpProbe.get("unix:" + sock, "/").body().trim())),
                        "a worker answered");
                assertEquals(jgu.pid(), Long.parseLong(Files.readString(pidfile).trim()), "stale pidfile (pid " + dead + ") replaced");
                assertFalse(Files.isSymbolicLink(pidfile));
                record.figure("stale pidfile of dead pid " + dead, "replaced by the arbiter's pid");
                try (var left = Files.list(sticky)) {
                    assertEquals(List.of(pidfile, sock), left.sorted().toList(), "no temporary file beside the pidfile");
                }
            }
        } catch (Throwable t) {
            record.failed(String.valueOf(t));
            throw t;
        } finally {
            record.write();
        }
    }

    @Test
    void symlinksPlantedAtThePidfileOrSocketPathAreRefused() throws Exception {
        ReliabilityRecord record = new ReliabilityRecord("6-privsep-symlinks", "Privilege separation",
                "symlinks planted at the pidfile and unix: socket paths in a sticky world-writable dir");
        try {
            Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
            Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
            int refused = 0;

            Path pidLink = Files.createSymbolicLink(sticky.resolve("jgu.pid"), victim);
            String err = refusedStart(List.of("-w", "1", "-b", "127.0.0.1:0", "-p", pidLink.toString(), "dev.jgu.testapps.Probe"), 2);
            assertTrue(err.contains("pidfile " + pidLink + " is a symbolic link (to " + victim + "); refusing to write through it"), err);
            refused++;
            Files.delete(pidLink);

            Path elsewhere = dir.resolve("created-elsewhere");
            Path dangling = Files.createSymbolicLink(sticky.resolve("dangling.pid"), elsewhere);
            err = refusedStart(List.of("-w", "1", "-b", "127.0.0.1:0", "-p", dangling.toString(), "dev.jgu.testapps.Probe"), 2);
            assertTrue(err.contains("pidfile " + dangling + " is a symbolic link (to " + elsewhere + ")"), err);
            assertFalse(Files.exists(elsewhere, LinkOption.NOFOLLOW_LINKS), "no file created through the link");
            refused++;
            Files.delete(dangling);

            Path sockLink = Files.createSymbolicLink(sticky.resolve("jgu.sock"), victim);
            err = refusedStart(List.of("-w", "1", "-b", "unix:" + sockLink, "dev.jgu.testapps.Probe"), 1);
            assertTrue(err.contains("bind unix:" + sockLink + ": " + sockLink + " is a symbolic link (to " + victim
                    + "); refusing to follow or remove it"), err);
            assertTrue(Files.isSymbolicLink(sockLink), "the planted link is left for the operator");
            refused++;

            assertEquals("precious\n", Files.readString(victim), "the link's target is untouched");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
            record.figure("planted links refused", refused + " of 3");
            record.bound("each start refused with the path and the link's target named, target untouched", true);
            record.note("pidfile: refused before any write; the pid is read with O_NOFOLLOW and written to a new"
                    + " O_EXCL file renamed over the path. unix: a link is refused before the stale-socket probe.");
        } catch (Throwable t) {
            record.failed(String.valueOf(t));
            throw t;
        } finally {
            record.write();
        }
    }

    /** Starts jgu, expects it to exit with {@code code} before spawning a worker, and returns its stderr. */
    private String refusedStart(List<String> args, int code) throws Exception {
        Path run = Files.createTempDirectory(dir, "run-");
        try (JguProcess jgu = JguProcess.start(run, args)) {
            assertEquals(code, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
            assertFalse(jgu.err().contains("spawned worker"), jgu.err());
            return jgu.err();
        }
    }

    private static HttpProbe.Reply read(Path sock, Path file) throws IOException {
        return HttpProbe.get("unix:" + sock, "/read?path=" + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8));
    }

    /** The pid of a process that has exited: what a crashed arbiter's pidfile holds. */
    private long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private Path sharedDir(String mode) throws IOException {
        Path path = Files.createTempDirectory("jgu-privsep-");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        shared.add(path);
        return path;
    }

    /** Copies the built distribution into {@code parent}, readable by all; returns its launcher. */
    private Path installCopy(Path parent) throws Exception {
        Path copy = parent.resolve("jgu");
        RealProgram.ok(parent, COMMAND, "cp", "-R", JguProcess.home().toString(), copy.toString());
        RealProgram.ok(parent, COMMAND, "chmod", "-R", "a+rX", copy.toString());
        return copy.resolve("bin/jgu");
    }

    /** Copies the test apps' jar into {@code parent}, readable by all: the build's copy may lie under a 0700 dir. */
    private static Path testAppsCopy(Path parent) throws IOException {
        Path copy = Files.copy(JguProcess.testApps(), parent.resolve(JguProcess.testApps().getFileName()));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    private static Map<String, String> status(long pid) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return fields;
    }
}
