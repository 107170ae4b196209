package dev.jgu.workers.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the main thread of a {@code gthread} worker knows of one pool thread: whether it
 * serves a connection, and whether the kernel has it waiting (blocked in a system call
 * or on a lock) or runnable (computing, or waiting for a core). A stalled worker wakes
 * another thread at once for a waiting one; for a runnable one only later, since on a
 * machine with no core to spare another runnable thread only adds to the queue for one.
 */
final class GthreadThread {

    /** The kernel's id of the thread, or -1 where {@code /proc} does not tell it. */
    private final int tid;
    private volatile boolean serving;

    private GthreadThread(int tid) {
        this.tid = tid;
    }

    /** @return the record of the calling thread */
    static GthreadThread current() {
        return new GthreadThread(ownTid());
    }

    void serving(boolean now) {
        serving = now;
    }

    boolean serving() {
        return serving;
    }

    /**
     * @return whether the thread is not runnable: sleeping, in I/O, stopped; true where
     *         {@code /proc} cannot tell, so a stall is handled as a blocked request
     */
    boolean waiting() {
        if (tid < 0) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'R';
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static int ownTid() {
        try {
            // "/proc/thread-self" links to "PID/task/TID"
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
