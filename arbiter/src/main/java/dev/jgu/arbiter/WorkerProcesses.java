package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Config;
import jnr.constants.platform.Signal;

import java.io.IOException;
import java.util.Optional;

/**
 * The worker processes as the pool drives them: start one, signal it, reap it.
 * {@link WorkerSpawner} starts real JVMs; the pool's unit tests use a fake, so its
 * decisions are tested without processes.
 */
interface WorkerProcesses {

    /** A started worker: its pid and the write end of its arbiter pipe, which only the arbiter holds. */
    record Spawned(long pid, int pipeWriteFd) {
    }

    /** Writes the settings every worker of this generation reads (one HUP, one consistent generation). */
    void writeSettings(int generation, Config config) throws IOException;

    /** Removes a generation's settings once none of its workers is left and none will be spawned from it. */
    void removeSettings(int generation);

    Spawned spawn(int slot, int age, int generation, Config config) throws IOException;

    /** @return true when the signal was delivered, false when no such process */
    boolean signal(long pid, Signal signal);

    /** Non-blocking reap of one worker. */
    Posix.Exit reap(long pid);

    /** Closes the arbiter's end of a reaped worker's pipe. */
    void closePipe(int pipeWriteFd);

    /**
     * Why a reaped worker could not boot, once: the note it wrote (removed as it is read), else, for one that
     * never became ready, the last lines its JVM wrote to stderr.
     *
     * @param age the worker
     * @param neverReady whether it exited before it was ever ready
     */
    Optional<String> takeBootError(int age, boolean neverReady);

    /**
     * A worker's resident memory, for {@code max_worker_memory}.
     *
     * @param pid the worker
     * @return its RSS in KiB ({@code VmRSS} of {@code /proc/PID/status}), or -1 when unknown
     */
    default long rssKib(long pid) {
        return readRssKib(pid);
    }

    /** {@link #rssKib} of a real process: {@code VmRSS} of {@code /proc/PID/status}, or -1. */
    static long readRssKib(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
