package dev.jgu.arbiter;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A worker's stderr: relayed, byte for byte, to the arbiter's own (the error log when it is {@code -}), with its
 * last bytes kept. A worker JVM that dies before jgu's code runs ({@code Could not find or load main class},
 * {@code Unrecognized VM option}) leaves no boot-error note; its last lines are then the reason the arbiter
 * reports. One daemon thread per worker, blocked in read(2), ending at EOF when the worker exits; only it
 * touches the pipe.
 */
final class WorkerOutput {

    /** How much of the end of the output is kept for the report. */
    static final int KEPT = 2048;
    /** How many lines the report quotes at most. */
    static final int LINES = 6;
    /** jgu's own log lines ({@code [time] [pid] [LEVEL] ...}): they name the pid, and a boot failure of jgu's own writes a note. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\[[^]]*] \\[\\d+] \\[[A-Z]+] .*");

    private final Posix posix;
    private final int fd;
    private final OutputStream relay;
    private final byte[] tail = new byte[KEPT];
    private final Thread thread;
    private int length;
    /** Whether older output was dropped, so the first kept line may be a fragment. */
    private boolean cut;

    private WorkerOutput(Posix posix, int fd, OutputStream relay, String name) {
        this.posix = posix;
        this.fd = fd;
        this.relay = relay;
        this.thread = new Thread(this::pump, name);
        thread.setDaemon(true);
    }

    /** Starts relaying {@code fd} (the read end of the worker's stderr pipe, which this then owns) to the arbiter's stderr. */
    static WorkerOutput start(Posix posix, int fd, int age) {
        return start(posix, fd, new FileOutputStream(FileDescriptor.err), "worker-" + age + "-stderr");
    }

    static WorkerOutput start(Posix posix, int fd, OutputStream relay, String name) {
        WorkerOutput output = new WorkerOutput(posix, fd, relay, name);
        output.thread.start();
        return output;
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = posix.read(fd, buffer)) > 0) {
                keep(buffer, n);
                try {
                    relay.write(buffer, 0, n);
                } catch (IOException e) {
                    // the arbiter's stderr is gone (a closed terminal): the tail is still kept for the report
                }
            }
        } finally {
            posix.close(fd);
        }
    }

    private synchronized void keep(byte[] buffer, int n) {
        if (n >= KEPT) {
            System.arraycopy(buffer, n - KEPT, tail, 0, KEPT);
            cut = true;
            length = KEPT;
            return;
        }
        int old = Math.min(length, KEPT - n);
        cut |= old < length;
        System.arraycopy(tail, length - old, tail, 0, old);
        System.arraycopy(buffer, 0, tail, old, n);
        length = old + n;
    }

    /**
     * The last lines the worker wrote that are not jgu's own log lines, once it closed its stderr (it exited).
     *
     * @param waitMillis how long to wait for the end of the output
     * @return those lines joined with {@code " | "}, or null when there are none
     */
    String lastLines(long waitMillis) {
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text;
        boolean fragment;
        synchronized (this) {
            text = new String(tail, 0, length, StandardCharsets.UTF_8);
            fragment = cut;
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !LOG_LINE.matcher(stripped).matches()) {
                lines.add(stripped);
            }
        }
        if (fragment && lines.size() > 1) {
            lines.remove(0);
        }
        List<String> last = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
        return last.isEmpty() ? null : String.join(" | ", last);
    }
}
