package dev.jgu.workers.runtime;

import dev.jgu.logging.LogFile;
import dev.jgu.spi.Log;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Takes the access log's writing off the request threads: they hand a formatted line
 * to a bounded queue, and one thread ({@code jgu-access-log}) takes everything queued at
 * once (after at most {@link #LINGER} for more to come) and writes it in chunks of whole lines of at most {@value #CHUNK_BYTES} bytes, one
 * {@code write(2)} each: PIPE_BUF, so lines of several workers sharing one stdout pipe
 * (a container's, journald's) never interleave, as they never do appending to one file.
 * <ul>
 *   <li><b>Full queue</b>: the request thread waits for room (back-pressure, as Gunicorn's
 *   synchronous write would), at most {@code fullWait}; a destination that took no batch in
 *   that time is stuck (a pipe nobody reads, a hung mount), and from then on lines are
 *   dropped, counted and reported in the error log, without waiting, until it takes one
 *   again. A full disk is not stuck: the write fails at once and the line is lost there,
 *   as in Gunicorn; the first failure of each stream is reported.</li>
 *   <li><b>Reopen</b> (USR1): done by the writer thread between two batches, so a line is
 *   written once, whole, to the old file or to the new one; {@link #reopen} returns once
 *   it is done, and every line handed over after that goes to the new file.</li>
 *   <li><b>Close</b>: the writer writes what is queued and what comes in until the queue
 *   is empty, then ends; a line handed over after that is written by its own thread.</li>
 * </ul>
 */
final class AccessLogWriter {

    /** One write(2) at most: Linux's PIPE_BUF, the most a pipe takes in one piece (a longer line goes alone). */
    static final int CHUNK_BYTES = 4096;
    /** How long the writer lets lines gather before it writes a batch smaller than a chunk: a line's most delay. */
    static final Duration LINGER = Duration.ofMillis(1);

    private final LogFile file;
    private final Log errors;
    private final int queueBytes;
    private final long fullWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final Thread thread;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private List<byte[]> pending = new ArrayList<>();
    private int pendingBytes;
    private long reopensAsked;
    private long reopensDone;
    private boolean closing;
    private boolean closed;
    private boolean stuck;
    private long dropped;
    private PrintStream failedStream;

    /**
     * @param file the destination
     * @param errors where drops and write failures are reported
     * @param queueBytes how many bytes may wait before request threads wait
     * @param fullWait how long a request thread waits for room before the destination counts as stuck
     */
    AccessLogWriter(LogFile file, Log errors, int queueBytes, Duration fullWait) {
        this.file = file;
        this.errors = errors;
        this.queueBytes = queueBytes;
        this.fullWaitNanos = fullWait.toNanos();
        this.thread = new Thread(this::run, "jgu-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands one line over.
     *
     * @param line UTF-8 bytes, newline included
     * @return false when it was dropped (the destination is stuck)
     */
    boolean add(byte[] line) {
        lock.lock();
        try {
            if (!closed) {
                if (!awaitRoom(line.length)) {
                    dropped++;
                    return false;
                }
                pending.add(line);
                pendingBytes += line.length;
                // Wake the writer when it idles (the first line) or lingers and a chunk is full; not for each line.
                if (pending.size() == 1 || pendingBytes >= CHUNK_BYTES && pendingBytes - line.length < CHUNK_BYTES) {
                    work.signal();
                }
                return true;
            }
        } finally {
            lock.unlock();
        }
        file.write(out -> out.write(line, 0, line.length));
        return true;
    }

    /** Under the lock: false when the queue stays full for fullWait, or at once while the destination is stuck. */
    private boolean awaitRoom(int length) {
        long left = fullWaitNanos;
        while (!closed && !pending.isEmpty() && pendingBytes + length > queueBytes) {
            if (stuck || left <= 0) {
                stuck = true;
                return false;
            }
            try {
                left = room.awaitNanos(left);
            } catch (InterruptedException e) {
                // A stopping worker interrupts its threads: queue the line anyway, over the bound by one.
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return true;
    }

    /**
     * Reopens the file (USR1) between two batches, and waits until that is done.
     *
     * @param wait at most this long: a stuck destination only delays the reopen, it still happens
     * @return false when it was not done within {@code wait}
     */
    boolean reopen(Duration wait) {
        lock.lock();
        try {
            if (!closed) {
                long ticket = ++reopensAsked;
                work.signal();
                long left = wait.toNanos();
                while (reopensDone < ticket && left > 0) {
                    left = progress.awaitNanos(left);
                }
                return reopensDone >= ticket;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
        file.reopen();
        return true;
    }

    /** @return bytes queued and not yet taken by the writer */
    int queuedBytes() {
        lock.lock();
        try {
            return pendingBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is queued and ends the writer thread.
     *
     * @param wait at most this long
     * @return false when lines were still queued after {@code wait}
     */
    boolean close(Duration wait) {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == thread) {
            return false;
        }
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait.toNanos())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>();
        while (true) {
            long reopenTicket;
            lock.lock();
            try {
                while (pending.isEmpty() && reopensAsked == reopensDone && !closing) {
                    work.awaitUninterruptibly();
                }
                linger();
                if (closing && pending.isEmpty() && reopensAsked == reopensDone) {
                    closed = true;
                    room.signalAll();
                    progress.signalAll();
                    return;
                }
                List<byte[]> taken = pending;
                pending = batch;
                batch = taken;
                pendingBytes = 0;
                reopenTicket = reopensAsked;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                if (reopenTicket != reopensDone) {
                    file.reopen();
                }
                write(batch);
            } catch (RuntimeException e) {
                errors.error("access log: writing failed: destination=" + file.destination(), e);
            }
            batch.clear();
            afterBatch(reopenTicket);
        }
    }

    /**
     * Under the lock: lets more lines come for up to {@link #LINGER} before a batch is taken,
     * unless a chunk's worth is queued or a reopen or close waits. Under load this makes one
     * wake-up and one write of many lines instead of one of each per request.
     */
    private void linger() {
        long left = LINGER.toNanos();
        while (left > 0 && pendingBytes < CHUNK_BYTES && reopensAsked == reopensDone && !closing) {
            try {
                left = work.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void afterBatch(long reopenTicket) {
        long drops;
        lock.lock();
        try {
            reopensDone = reopenTicket;
            stuck = false;
            drops = dropped;
            dropped = 0;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        if (drops > 0) {
            errors.warn("access log: dropped " + drops + " lines: destination=" + file.destination() + " took no line for "
                    + TimeUnit.NANOSECONDS.toMillis(fullWaitNanos) + "ms with " + queueBytes + " bytes queued");
        }
    }

    private void write(List<byte[]> lines) {
        if (lines.isEmpty()) {
            return;
        }
        PrintStream[] failed = new PrintStream[1];
        file.write(out -> {
            int n = 0;
            for (byte[] line : lines) {
                if (n > 0 && n + line.length > chunk.length) {
                    out.write(chunk, 0, n);
                    n = 0;
                }
                if (line.length > chunk.length) {
                    out.write(line, 0, line.length);
                } else {
                    System.arraycopy(line, 0, chunk, n, line.length);
                    n += line.length;
                }
            }
            if (n > 0) {
                out.write(chunk, 0, n);
            }
            if (out.checkError()) {
                failed[0] = out;
            }
        });
        // PrintStream keeps an error once it had one: report each stream's first failure only.
        if (failed[0] != null && failed[0] != failedStream) {
            failedStream = failed[0];
            errors.warn("access log: cannot write: destination=" + file.destination()
                    + " (disk full?), its lines are lost until it can be written again");
        }
    }
}
