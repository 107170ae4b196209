package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pidfile is never written through a symbolic link, and a stale one is still replaced. */
class PidfileTest {

    @TempDir
    Path dir;

    private final long self = ProcessHandle.current().pid();

    @Test
    void writesOurPidAndLeavesNoTemporaryFile() throws IOException {
        Path path = dir.resolve("jgu.pid");
        new Pidfile(path, self).create();
        assertEquals(self + "\n", Files.readString(path));
        assertEquals(List.of(path), listing(), "only the pidfile");
    }

    @Test
    void replacesTheStalePidfileOfADeadProcess() throws Exception {
        Path path = dir.resolve("jgu.pid");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(path, gone.pid() + "\n");
        new Pidfile(path, self).create();
        assertEquals(self, Pidfile.readPid(path));
        assertEquals(List.of(path), listing());
    }

    @Test
    void refusesAPidfileNamingALiveProcess() throws Exception {
        Path path = dir.resolve("jgu.pid");
        Process live = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(path, live.pid() + "\n");
            IOException e = assertThrows(IOException.class, () -> new Pidfile(path, self).create());
            assertTrue(e.getMessage().contains("names a running process (pid " + live.pid() + ")"), e.getMessage());
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void refusesASymlinkPlantedAtThePathAndLeavesItsTargetAlone() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
        Path path = Files.createSymbolicLink(dir.resolve("jgu.pid"), victim);
        IOException e = assertThrows(IOException.class, () -> new Pidfile(path, self).create());
        assertEquals("pidfile " + path + " is a symbolic link (to " + victim + "); refusing to write through it"
                + " (remove it, or choose another pidfile path)", e.getMessage());
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(path));
        assertEquals(2, listing().size(), "no temporary file left: " + listing());
    }

    @Test
    void refusesADanglingSymlinkThatWouldCreateAFileElsewhere() throws IOException {
        Path elsewhere = dir.resolve("elsewhere");
        Path path = Files.createSymbolicLink(dir.resolve("jgu.pid"), elsewhere);
        IOException e = assertThrows(IOException.class, () -> new Pidfile(path, self).create());
        assertTrue(e.getMessage().contains("is a symbolic link (to " + elsewhere + ")"), e.getMessage());
        assertFalse(Files.exists(elsewhere, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void doesNotReadAPidThroughASymlink() throws IOException {
        Path real = Files.writeString(dir.resolve("real"), "1\n", StandardCharsets.US_ASCII);
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertEquals(1, Pidfile.readPid(real));
        assertEquals(-1, Pidfile.readPid(link));
    }

    @Test
    void removesOnlyAPidfileThatStillNamesUs() throws IOException {
        Path path = dir.resolve("jgu.pid");
        Pidfile pidfile = new Pidfile(path, self);
        pidfile.create();
        Files.writeString(path, "1\n");
        pidfile.remove();
        assertTrue(Files.exists(path), "a USR2 child's pidfile stays");
        Files.delete(path);
        pidfile.create();
        pidfile.remove();
        assertFalse(Files.exists(path));
    }

    private List<Path> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
