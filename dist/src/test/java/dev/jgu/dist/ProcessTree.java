package dev.jgu.dist;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the tests end what they started: every process named, and every process
 * under it, is killed by pid, and the kill waits until each one is gone.
 */
final class ProcessTree {

    /**
     * How long a KILLed process may take to be gone: the kernel frees a JVM's memory
     * before it is a zombie, which takes a moment under load. No setting bounds it.
     */
    static final Duration GONE = Duration.ofSeconds(10);

    private ProcessTree() {
    }

    /**
     * Sends KILL to each of {@code pids} and their descendants, all collected before the
     * first signal (a killed parent's children are re-parented, out of its tree), then
     * waits until every one has exited. A pid that is already gone is skipped.
     *
     * @throws AssertionError naming the processes still running after {@link #GONE}
     */
    static void kill(Collection<Long> pids) {
        Map<Long, ProcessHandle> tree = new TreeMap<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> {
                tree.put(p.pid(), p);
                p.descendants().forEach(d -> tree.put(d.pid(), d));
            });
        }
        // A ProcessHandle remembers its process's start time, so a pid reused meanwhile is neither killed nor waited for.
        tree.values().forEach(ProcessHandle::destroyForcibly);
        JguProcess.await(() -> running(tree.values()).isEmpty(), GONE,
                () -> "killed processes to exit, still running: " + running(tree.values()));
    }

    private static List<Long> running(Collection<ProcessHandle> processes) {
        return processes.stream().filter(p -> p.isAlive() && JguProcess.running(p.pid())).map(ProcessHandle::pid).toList();
    }
}
