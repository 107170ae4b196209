package dev.jgu.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Names this process in {@code ps}, {@code top} and {@code pgrep}, as Gunicorn does
 * with setproctitle: {@code jgu: arbiter [NAME]}, {@code jgu: worker 3 [NAME]}.
 *
 * <p>A JVM has no setproctitle, but Linux lets a process write its own memory
 * through {@code /proc/self/mem}: the title goes over the argument strings (between
 * {@code arg_start} and {@code arg_end} of {@code /proc/self/stat}), which is what {@code /proc/PID/cmdline} shows ({@code ps -f}, {@code ps aux},
 * {@code pgrep -f}); it is bounded by the original arguments' length, ample for a
 * java command line. The java launcher and HotSpot copy their arguments at start
 * ({@code jcmd VM.command_line}, {@code sun.java.command}, thread dumps are
 * unaffected), so nothing reads that area afterwards. The process's own name
 * ({@code /proc/self/comm}, the main thread's: {@code ps -e}, {@code top},
 * plain {@code pgrep}) takes the title's first words that fit in 15 bytes.
 */
public final class ProcessTitle {

    /** What the kernel keeps of a task's name, without its NUL. */
    static final int COMM_BYTES = 15;
    /** Fields 48 and 49 of /proc/PID/stat, counted from the state (field 3) after the command's closing parenthesis. */
    private static final int ARG_START_FIELD = 48 - 3;

    private static List<String> original;

    private ProcessTitle() {
    }

    /**
     * The name in the titles: {@code proc_name}, else the app as given (Gunicorn's
     * {@code default_proc_name} is the app module).
     */
    public static String name(String procName, String app) {
        return procName != null ? procName : app == null ? "jgu" : app;
    }

    /** @return the arbiter's title */
    public static String arbiter(String name) {
        return "jgu: arbiter [" + name + "]";
    }

    /** @return a worker's title, by its number ({@code worker=N} in the logs) */
    public static String worker(int number, String name) {
        return "jgu: worker " + number + " [" + name + "]";
    }

    /**
     * Retitles this process.
     *
     * @param title the new title
     * @return null when done, else why not (for one log line: the process keeps its java command line)
     */
    public static synchronized String set(String title) {
        try {
            if (original == null) {
                original = readCommandLine();
            }
            Files.writeString(Path.of("/proc/self/comm"), comm(title), StandardCharsets.UTF_8);
            writeArguments(title);
            return null;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    /**
     * The arguments this process was started with, as read before the first
     * {@link #set}: for re-executing it the same way.
     *
     * @throws IOException when /proc cannot be read
     */
    public static synchronized List<String> originalCommandLine() throws IOException {
        return original != null ? original : readCommandLine();
    }

    /** The title's leading words that fit a task name; the bytes themselves when the first word does not. */
    static String comm(String title) {
        byte[] bytes = title.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= COMM_BYTES) {
            return title;
        }
        int cut = COMM_BYTES;
        while (cut > 0 && bytes[cut] != ' ') {
            cut--;
        }
        if (cut == 0) {
            cut = COMM_BYTES;
            // never split a UTF-8 sequence
            while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
                cut--;
            }
        }
        return new String(bytes, 0, cut, StandardCharsets.UTF_8).stripTrailing();
    }

    private static void writeArguments(String title) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long start = Long.parseLong(fields[ARG_START_FIELD]);
        long end = Long.parseLong(fields[ARG_START_FIELD + 1]);
        if (start <= 0 || end - start < 2) {
            throw new IOException("no argument area in /proc/self/stat");
        }
        // The title, NULs, and a last byte that is not NUL: a kernel that finds the area's end overwritten
        // takes it for setproctitle's and shows it up to the first NUL, so cmdline is the title alone
        // (with the NULs kept, ps and pgrep -f would see it followed by a long run of spaces).
        ByteBuffer area = ByteBuffer.allocate(Math.toIntExact(end - start));
        byte[] bytes = title.getBytes(StandardCharsets.UTF_8);
        area.put(bytes, 0, Math.min(bytes.length, area.capacity() - 2));
        area.put(area.capacity() - 1, (byte) ' ').clear();
        try (FileChannel mem = FileChannel.open(Path.of("/proc/self/mem"), StandardOpenOption.WRITE)) {
            while (area.hasRemaining()) {
                mem.write(area, start + area.position());
            }
        }
    }

    private static List<String> readCommandLine() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> args = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        return List.copyOf(args);
    }
}
