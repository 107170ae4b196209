package dev.jgu.adapters.servlet.session;

import dev.jgu.spi.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Sessions as files in one directory that every worker of the host sees (tmpfs by default, so
 * sessions survive worker reloads and an arbiter hand-over but not a reboot). Give each web app
 * its own directory, on a local file system: the locks are POSIX record locks.
 *
 * <ul>
 *   <li>{@code <id>.session}: one session in the {@link SessionFile} format, mode 0600. Ids are
 *       checked with {@link SessionIds#isWellFormed} before they name a file.
 *   <li>Writes go to {@code <id>.<random>.tmp} and are renamed over the session file, so a reader
 *       sees the old or the new file, never half of one. Without fsync: a power loss may leave an
 *       empty file, which then reads as unreadable (absent).
 *   <li>The file's modification time is its last access: a request that changed nothing only
 *       sets it ({@link #touch}, one system call, no lock). A record's access time is the later
 *       of the time inside the file and the file's modification time.
 *   <li>{@code .locks/}: the lock stripes of {@link SessionLocks}; locks are held only while a
 *       file is read, merged and written, never for a whole request.
 * </ul>
 *
 * An unreadable file (truncated, damaged, another format version) is treated as absent and
 * removed with one log line.
 */
public final class FileSessionStore implements SessionStore {

    private static final String SUFFIX = ".session";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path directory;
    private final Clock clock;
    private final Log log;
    private final SessionLocks locks;

    /**
     * Opens (and creates, mode 0700) a session directory.
     *
     * @param directory the directory; created with its parents when missing
     * @param clock decides expiry
     * @param log where unreadable files and loose permissions are reported
     * @throws IOException when the directory cannot be created
     */
    public FileSessionStore(Path directory, Clock clock, Log log) throws IOException {
        this.directory = directory;
        this.clock = clock;
        this.log = log;
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] dirMode = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_DIR)}
                : new FileAttribute<?>[0];
        FileAttribute<?>[] fileMode = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        Files.createDirectories(directory, dirMode);
        if (posix) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory);
            if (!OWNER_DIR.containsAll(mode)) {
                log.warn("session directory open to other users: dir=" + directory + " mode="
                        + PosixFilePermissions.toString(mode) + ", expected rwx------");
            }
        }
        Path lockDirectory = directory.resolve(".locks");
        Files.createDirectories(lockDirectory, dirMode);
        this.locks = new SessionLocks(lockDirectory, fileMode);
    }

    /**
     * Opens a session directory on the system clock.
     *
     * @param directory the directory; created with its parents (mode 0700) when missing
     * @param log where unreadable files and loose permissions are reported
     * @throws IOException when the directory cannot be created
     */
    public FileSessionStore(Path directory, Log log) throws IOException {
        this(directory, Clock.systemUTC(), log);
    }

    /** @return the directory holding the session files */
    public Path directory() {
        return directory;
    }

    @Override
    public Optional<SessionRecord> load(String id, Consumer<SessionRecord> expired) throws IOException {
        Read read = read(id);
        if (read.record() != null && !read.record().expiredAt(clock.millis())) {
            return Optional.of(read.record());
        }
        return read.absent() ? Optional.empty() : settle(id, clock.millis(), expired).live();
    }

    @Override
    public void save(SessionRecord record) throws IOException {
        Path file = fileOf(record.id());
        locks.locked(record.id(), () -> {
            write(file, record);
            return null;
        });
    }

    @Override
    public boolean delete(String id) throws IOException {
        Path file = fileOf(id);
        return locks.locked(id, () -> Files.deleteIfExists(file));
    }

    @Override
    public Optional<SessionRecord> update(String id, UnaryOperator<Optional<SessionRecord>> change)
            throws IOException {
        Path file = fileOf(id);
        return locks.locked(id, () -> {
            Read read = read(id);
            Optional<SessionRecord> current = Optional.empty();
            if (read.problem() != null) {
                discard(file, read.problem());
            } else if (read.record() != null && !read.record().expiredAt(clock.millis())) {
                current = Optional.of(read.record());
            }
            Optional<SessionRecord> next = change.apply(current);
            if (next.isPresent()) {
                if (!next.get().id().equals(id)) {
                    throw new IllegalArgumentException("update of one session returned another id");
                }
                write(file, next.get());
            } else if (current.isPresent()) {
                Files.deleteIfExists(file);
            }
            return next;
        });
    }

    @Override
    public void touch(String id, long accessedMillis) throws IOException {
        Path file = fileOf(id);
        try {
            if (Files.getLastModifiedTime(file).toMillis() < accessedMillis) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(accessedMillis));
            }
        } catch (NoSuchFileException gone) {
            // invalidated or expired meanwhile: nothing left to touch, as update would find too
        }
    }

    @Override
    public int expire(long nowMillis, Consumer<SessionRecord> expired) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (!SessionIds.isWellFormed(id)) {
                    continue;
                }
                Read read = read(id);
                boolean due = read.problem() != null
                        || (read.record() != null && read.record().expiredAt(nowMillis));
                if (due && settle(id, nowMillis, expired).expired() != null) {
                    count++;
                }
            }
        }
        removeOrphanedTempFiles();
        return count;
    }

    /** Nothing to release: locks are taken and dropped per call. */
    @Override
    public void close() {
    }

    private record Read(SessionRecord record, String problem) {
        static final Read ABSENT = new Read(null, null);

        boolean absent() {
            return record == null && problem == null;
        }
    }

    /** @param expired the record this call deleted as expired, or null */
    private record Settled(Optional<SessionRecord> live, SessionRecord expired) {
    }

    /**
     * Decides under the lock about a file an unlocked read found unreadable or expired: a writer
     * may have replaced it since. Reports an expired record after the lock is released.
     */
    private Settled settle(String id, long nowMillis, Consumer<SessionRecord> expired) throws IOException {
        Path file = fileOf(id);
        Settled settled = locks.locked(id, () -> {
            Read read = read(id);
            if (read.problem() != null) {
                discard(file, read.problem());
                return new Settled(Optional.empty(), null);
            }
            if (read.record() == null || !read.record().expiredAt(nowMillis)) {
                return new Settled(Optional.ofNullable(read.record()), null);
            }
            Files.deleteIfExists(file);
            return new Settled(Optional.empty(), read.record());
        });
        if (settled.expired() != null) {
            expired.accept(settled.expired());
        }
        return settled;
    }

    private Read read(String id) throws IOException {
        Path file = fileOf(id);
        byte[] bytes;
        FileTime modified;
        try {
            bytes = Files.readAllBytes(file);
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return Read.ABSENT;
        }
        try {
            SessionRecord record = SessionFile.decode(bytes);
            if (!record.id().equals(id)) {
                return new Read(null, "holds another session's id");
            }
            return new Read(record.accessedAt(modified.toMillis()), null);
        } catch (SessionFile.Corrupt e) {
            return new Read(null, e.getMessage());
        }
    }

    private void write(Path file, SessionRecord record) throws IOException {
        // createTempFile makes the file rw------- on POSIX
        Path temp = Files.createTempFile(directory, record.id() + ".", TEMP_SUFFIX);
        boolean moved = false;
        try {
            Files.write(temp, SessionFile.encode(record));
            // before the rename, so that no reader ever sees the write time as an access
            Files.setLastModifiedTime(temp, FileTime.fromMillis(record.lastAccessedTime()));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void discard(Path file, String problem) throws IOException {
        if (Files.deleteIfExists(file)) {
            log.warn("session file unreadable, removed: file=" + file + " problem=" + problem);
        }
    }

    /**
     * Removes temp files whose writer died between write and rename. Writers hold the session's
     * lock for the whole life of their temp file, so one found under that lock is orphaned.
     */
    private void removeOrphanedTempFiles() throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                String name = temp.getFileName().toString();
                int dot = name.indexOf('.');
                String id = dot < 0 ? "" : name.substring(0, dot);
                if (SessionIds.isWellFormed(id) && locks.locked(id, () -> Files.deleteIfExists(temp))) {
                    log.info("session temp file of a failed write removed: file=" + temp);
                }
            }
        }
    }

    private Path fileOf(String id) {
        if (!SessionIds.isWellFormed(id)) {
            throw new IllegalArgumentException("not a session id (expected " + SessionIds.LENGTH
                    + " characters of [A-Za-z0-9_-])");
        }
        return directory.resolve(id + SUFFIX);
    }
}
