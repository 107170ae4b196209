package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may connect to the UNIX socket jgu binds: nginx often runs as another user
 * (www-data) than the app, and connecting to a UNIX socket takes write permission on it.
 * Gunicorn binds with its umask setting (default 0), so its socket is 0777.
 */
class UnixSocketModeIT {

    @TempDir
    Path dir;

    /** Starts jgu under the umask supervisors usually leave (022), binding {@code sock}. */
    private JguProcess start(Path sock, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 022; exec \"$0\" \"$@\"",
                JguProcess.home().resolve("bin/jgu").toString(), "-w", "1", "-b", "unix:" + sock));
        cmd.addAll(List.of(options));
        cmd.add("dev.jgu.examples.Hello");
        return JguProcess.startCommand(dir, cmd, Map.of());
    }

    private static Set<PosixFilePermission> modeWhenListening(JguProcess jgu, Path sock) throws Exception {
        jgu.listeners(1);
        JguProcess.await(() -> Files.exists(sock), jgu.bounds.react(), () -> "socket " + sock);
        return Files.getPosixFilePermissions(sock);
    }

    @Test
    void explicitUmaskZeroLetsAnyLocalUserConnect() throws Exception {
        Path sock = dir.resolve("jgu.sock");
        try (JguProcess jgu = start(sock, "-m", "0")) {
            Set<PosixFilePermission> mode = modeWhenListening(jgu, sock);
            assertEquals("rwxrwxrwx", PosixFilePermissions.toString(mode));
            jgu.awaitWorkers(1);
            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        }
    }

    @Test
    void defaultUmaskLetsAnyLocalUserConnect() throws Exception {
        Path sock = dir.resolve("jgu.sock");
        try (JguProcess jgu = start(sock)) {
            Set<PosixFilePermission> mode = modeWhenListening(jgu, sock);
            assertTrue(mode.contains(PosixFilePermission.OTHERS_WRITE),
                    "docs/settings.md: umask defaults to 0o0, so the socket should be 0777; got "
                            + PosixFilePermissions.toString(mode));
        }
    }
}
