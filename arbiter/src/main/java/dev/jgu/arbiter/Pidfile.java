package dev.jgu.arbiter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The arbiter's pidfile: written atomically after binding, removed at exit if it still names us.
 * It often lives in a directory others may write to ({@code /tmp}, a shared run dir), and the
 * arbiter often runs as root, so nothing here follows a symbolic link: one planted at the path is
 * refused, and the new content is written to a fresh file created with {@code O_CREAT|O_EXCL}
 * (which never follows a link) under a random name, then renamed over the path ({@code rename}
 * replaces a link, never its target).
 */
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
     * Refuses to overwrite a pidfile naming another live process, and a symbolic link at the path;
     * a stale one (its process gone) is replaced.
     *
     * @throws IOException naming the file and the live pid, or the link and its target
     */
    void create() throws IOException {
        refuseLink(path);
        long other = readPid(path);
        if (other > 0 && other != pid && ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IOException("pidfile " + path + " names a running process (pid " + other + "); is jgu already running?");
        }
        Path tmp = createExclusive();
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** A new file beside the pidfile holding our pid, created by us alone ({@code O_EXCL}, so never through a link). */
    private Path createExclusive() throws IOException {
        byte[] content = (pid + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; ; attempt++) {
            Path tmp = path.resolveSibling("." + path.getFileName() + "." + pid + "."
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
            try (SeekableByteChannel ch = Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                ch.write(ByteBuffer.wrap(content));
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw new IOException("pidfile " + path + ": cannot create a new file beside it (" + tmp
                            + " and 10 other names already exist)", e);
                }
            }
        }
    }

    /** @throws IOException when {@code path} is a symbolic link, naming it and where it points */
    static void refuseLink(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException("pidfile " + path + " is a symbolic link (to " + Files.readSymbolicLink(path)
                    + "); refusing to write through it (remove it, or choose another pidfile path)");
        }
    }

    /** Removes the file when it still holds our pid (a USR2 child may own it by now). */
    void remove() throws IOException {
        if (readPid(path) == pid) {
            Files.deleteIfExists(path);
        }
    }

    /** The pid a pidfile holds; -1 when it is missing, unreadable, not a number, or a symbolic link. */
    static long readPid(Path path) {
        try (SeekableByteChannel ch = Files.newByteChannel(path, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buf = ByteBuffer.allocate(64);
            int n;
            do {
                n = ch.read(buf);
            } while (n > 0 && buf.hasRemaining());
            return Long.parseLong(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
