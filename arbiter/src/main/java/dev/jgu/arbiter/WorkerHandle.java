package dev.jgu.arbiter;

/**
 * The arbiter's view of one worker process (what runs inside it is
 * {@code dev.jgu.workers.core.WorkerMain}): identity, scoreboard slot, and the
 * deadlines the loop enforces.
 */
final class WorkerHandle {

    final long pid;
    final int age;
    final int slot;
    final int generation;
    final int pipeWriteFd;
    String state = "booting";
    /** When QUIT was sent for a timeout (System.nanoTime), 0 when not. */
    long abortedAt;
    /** Whether the arbiter sent TERM/INT/KILL itself (so the exit is expected). */
    boolean stopRequested;
    boolean killed;
    /** Whether ABRT (abort: worker_abort hook, exit 1) was sent after a timeout. */
    boolean abortSent;

    WorkerHandle(long pid, int age, int slot, int generation, int pipeWriteFd) {
        this.pid = pid;
        this.age = age;
        this.slot = slot;
        this.generation = generation;
        this.pipeWriteFd = pipeWriteFd;
    }

    String id() {
        return "worker=" + age + " pid=" + pid;
    }
}
