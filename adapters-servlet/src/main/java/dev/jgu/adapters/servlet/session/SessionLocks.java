package dev.jgu.adapters.servlet.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.EnumSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-session locks that exclude both the threads of this JVM and the other worker JVMs of the
 * host: a fixed set of lock files (stripes) in a directory, each guarded first by a JVM-wide
 * {@link ReentrantLock} and then by {@link FileChannel#lock()}.
 *
 * <p>Why stripes and not one lock file per session: a lock file cannot be deleted safely (a waiter
 * holding the old inode and a newcomer creating a new one would both "hold" the lock), so lock
 * files must outlive sessions; a fixed set of them bounds their number.
 *
 * <p>Why the JVM-wide lock first: POSIX record locks do not exclude threads of the process that
 * holds them, the JDK answers a second lock on the same file from the same JVM with
 * {@code OverlappingFileLockException} instead of waiting, and closing any channel on a file drops
 * all of the process's locks on it. With one thread per stripe file at a time in the JVM, each
 * acquisition can open and close its own channel. The array is static so that two stores on one
 * directory in one JVM (a web app reloaded in place, tests) exclude each other as well.
 */
final class SessionLocks {

    static final int STRIPES = 256;

    private static final ReentrantLock[] IN_JVM = new ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            IN_JVM[i] = new ReentrantLock();
        }
    }

    private final Path directory;
    private final FileAttribute<?>[] fileMode;

    /**
     * @param directory where the stripe files live; must exist
     * @param fileMode attributes for creating a stripe file (owner-only where POSIX)
     */
    SessionLocks(Path directory, FileAttribute<?>[] fileMode) {
        this.directory = directory;
        this.fileMode = fileMode;
    }

    /**
     * Waits for the lock of one session. The thread's interrupt status is set aside until
     * {@link Held#close()}: an interrupt would close the channel mid-write (an
     * {@code InterruptibleChannel} rule), and the critical section is short.
     *
     * @param id a well-formed session id
     * @return the held lock; close it to release
     * @throws IOException when the lock file cannot be opened or locked
     */
    Held acquire(String id) throws IOException {
        int stripe = Math.floorMod(id.hashCode(), STRIPES);
        ReentrantLock local = IN_JVM[stripe];
        local.lock();
        boolean interrupted = Thread.interrupted();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(directory.resolve(String.format("%02x", stripe)),
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileMode);
            channel.lock();
            return new Held(channel, local, interrupted);
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException closing) {
                e.addSuppressed(closing);
            } finally {
                local.unlock();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw e;
        }
    }

    /** Work done under a session's lock. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code body} holding the session's lock.
     *
     * @param id a well-formed session id
     * @param body the critical section: reads and writes of this session's file only
     * @return what {@code body} returned
     * @throws IOException from the lock or from {@code body}
     */
    @SuppressWarnings("try") // the resource is the lock itself; the body never names it
    <T> T locked(String id, Body<T> body) throws IOException {
        try (Held held = acquire(id)) {
            return body.run();
        }
    }

    /** A held session lock. */
    static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final ReentrantLock local;
        private final boolean interrupted;

        private Held(FileChannel channel, ReentrantLock local, boolean interrupted) {
            this.channel = channel;
            this.local = local;
            this.interrupted = interrupted;
        }

        /** Releases the file lock (by closing its channel) and then the JVM-wide lock. */
        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                local.unlock();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
