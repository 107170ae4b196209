package dev.jgu.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The resident set of some processes (the workers under attack), read from
 * {@code /proc/PID/status} every {@value #PERIOD_MS} ms while it runs, keeping each one's
 * peak. A process that exits meanwhile keeps the peak it had.
 */
final class RssSampler implements AutoCloseable {

    private static final int PERIOD_MS = 50;

    private final Set<Long> pids;
    private final Map<Long, Long> peakKib = new TreeMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    RssSampler(Set<Long> pids) {
        this.pids = Set.copyOf(pids);
        sample();
        this.thread = Thread.ofPlatform().name("rss-sampler").daemon().start(() -> {
            while (running.get()) {
                sample();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
            }
        });
    }

    private void sample() {
        for (long pid : pids) {
            long kib = rssKib(pid);
            if (kib > 0) {
                synchronized (peakKib) {
                    peakKib.merge(pid, kib, Math::max);
                }
            }
        }
    }

    /** @return the process's VmRSS in KiB, or 0 when it is gone */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS line in /proc/" + pid + "/status");
        } catch (IOException gone) {
            return 0;
        }
    }

    /** Stops sampling and returns each process's peak VmRSS in KiB. */
    Map<Long, Long> peaks() throws InterruptedException {
        close();
        synchronized (peakKib) {
            return Map.copyOf(peakKib);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        sample();
    }
}
