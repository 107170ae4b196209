package dev.jgu.arbiter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The arbiter's pidfile: written atomically after binding, removed at exit if it still names us. */
final class Pidfile {

    private final Path path;
    private final long pid;

    Pidfile(Path path, long pid) {
        this.path = path.toAbsolutePath();
        this.pid = pid;
    }

    Path path() {
        return path;
    }

    /**
     * Refuses to overwrite a pidfile naming another live process; a stale one is replaced.
     *
     * @throws IOException naming the file and the live pid
     */
    void create() throws IOException {
        long other = readPid(path);
        if (other > 0 && other != pid && ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IOException("pidfile " + path + " names a running process (pid " + other + "); is jgu already running?");
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp" + pid);
        Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the file when it still holds our pid (a USR2 child may own it by now). */
    void remove() throws IOException {
        if (readPid(path) == pid) {
            Files.deleteIfExists(path);
        }
    }

    static long readPid(Path path) {
        try {
            return Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
