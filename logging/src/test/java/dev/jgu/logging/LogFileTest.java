package dev.jgu.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogFileTest {

    @TempDir
    Path dir;

    /** Writers racing reopen: every line lands, whole and once, in the rotated file or the new one. */
    @Test
    void noLineIsLostOrSplitAcrossReopens() throws Exception {
        Path path = dir.resolve("error.log");
        LogFile file = new LogFile("errorlog", path.toString(), System.err);
        int writers = 4;
        int lines = 5_000;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < lines; i++) {
                    String line = "writer=" + id + " line=" + i;
                    file.write(out -> out.println(line));
                }
            }));
        }
        List<Path> rotated = new ArrayList<>();
        for (int r = 0; threads.stream().anyMatch(Thread::isAlive); r++) {
            Path moved = dir.resolve("error.log." + r);
            Files.move(path, moved);
            rotated.add(moved);
            file.reopen();
        }
        for (Thread t : threads) {
            t.join();
        }
        rotated.add(path);
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (Path p : rotated) {
            for (String line : read(p)) {
                total++;
                seen.add(line);
            }
        }
        assertEquals(writers * lines, total, "lines written across " + rotated.size() + " files");
        assertEquals(writers * lines, seen.size(), "each once and whole");
    }

    private static List<String> read(Path p) throws IOException {
        return Files.readAllLines(p);
    }
}
