package dev.jgu.arbiter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The arbiter's own figures for the standard {@code process_*} metrics, read from
 * {@code /proc/self} on each scrape (no JMX beans: they would cost the arbiter memory
 * for what five small files say). -1 where a file cannot be read.
 */
final class ProcessStats {

    /** USER_HZ: Linux reports CPU time in /proc in 1/100 s on every architecture jgu runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Path self;

    ProcessStats(Path proc) {
        this.self = proc.resolve("self");
    }

    /** Figures from one look. */
    record Snapshot(long residentBytes, long virtualBytes, long openFds, long maxFds, double cpuSeconds) {
    }

    Snapshot read() {
        long rss = -1;
        long vsize = -1;
        for (String line : lines("status")) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmSize:")) {
                vsize = kib(line);
            }
        }
        long maxFds = -1;
        for (String line : lines("limits")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                maxFds = f[0].matches("[0-9]+") ? Long.parseLong(f[0]) : -1;
            }
        }
        return new Snapshot(rss, vsize, openFds(), maxFds, cpuSeconds());
    }

    private long openFds() {
        try (Stream<Path> fds = Files.list(self.resolve("fd"))) {
            return fds.count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** utime and stime, fields 14 and 15 of /proc/self/stat, counted after the command name's closing parenthesis. */
    private double cpuSeconds() {
        List<String> stat = lines("stat");
        if (stat.isEmpty()) {
            return -1;
        }
        String line = stat.get(0);
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        if (f.length < 13) {
            return -1;
        }
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    private List<String> lines(String name) {
        try {
            return Files.readAllLines(self.resolve(name));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long kib(String line) {
        String[] f = line.trim().split("\\s+");
        return f.length >= 2 && f[1].matches("[0-9]+") ? Long.parseLong(f[1]) * 1024 : -1;
    }
}
