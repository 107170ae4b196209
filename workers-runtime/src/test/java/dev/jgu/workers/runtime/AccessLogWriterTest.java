package dev.jgu.workers.runtime;

import dev.jgu.logging.LogFile;
import dev.jgu.testing.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> read(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void closeWritesEveryQueuedLineInOrder() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogWriter writer = new AccessLogWriter(new LogFile("accesslog", file.toString(), System.out), new RecordingLog(),
                1 << 20, WAIT);
        for (int i = 0; i < 20_000; i++) {
            assertTrue(writer.add(line("line " + i)));
        }
        assertTrue(writer.close(WAIT));
        List<String> lines = read(file);
        assertEquals(20_000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals("line " + i, lines.get(i));
        }
    }

    @Test
    void aLineHandedOverAfterCloseIsWrittenAtOnce() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogWriter writer = new AccessLogWriter(new LogFile("accesslog", file.toString(), System.out), new RecordingLog(),
                1 << 20, WAIT);
        writer.add(line("before"));
        assertTrue(writer.close(WAIT));
        assertTrue(writer.add(line("late")));
        assertEquals(List.of("before", "late"), read(file));
    }

    @Test
    void reopenAfterARenameLosesAndDoublesNoLineUnderConcurrentWriters() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogWriter writer = new AccessLogWriter(new LogFile("accesslog", file.toString(), System.out), new RecordingLog(),
                4096, WAIT);
        int threads = 4;
        int perThread = 5_000;
        List<Thread> producers = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread producer = new Thread(() -> {
                started.countDown();
                for (int i = 0; i < perThread; i++) {
                    assertTrue(writer.add(line("t" + id + "-" + i)));
                }
            });
            producers.add(producer);
            producer.start();
        }
        assertTrue(started.await(30, TimeUnit.SECONDS));
        int rotations = 0;
        List<Long> sizesAtReopen = new ArrayList<>();
        while (rotations < 3 || producers.stream().anyMatch(Thread::isAlive) && rotations < 200) {
            rotations++;
            Files.move(file, dir.resolve("access.log." + rotations));
            assertTrue(writer.reopen(WAIT));
            sizesAtReopen.add(Files.size(dir.resolve("access.log." + rotations)));
            writer.add(line("marker-" + rotations));
        }
        for (Thread producer : producers) {
            producer.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertTrue(writer.close(WAIT));
        for (int r = 1; r <= rotations; r++) {
            // once reopen returned, the rotated file took no more line
            assertEquals(sizesAtReopen.get(r - 1), Files.size(dir.resolve("access.log." + r)), "rotation " + r);
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int r = 0; r <= rotations; r++) {
            Path f = r == 0 ? file : dir.resolve("access.log." + r);
            for (String l : read(f)) {
                assertTrue(seen.add(l), "written twice: " + l);
                total++;
            }
        }
        assertEquals(threads * perThread + rotations, total);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertTrue(seen.contains("t" + t + "-" + i), "lost: t" + t + "-" + i);
            }
        }
    }

    /** An output that blocks every write until released: a pipe nobody reads. */
    private static final class Gate extends OutputStream {
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final StringBuilder written = new StringBuilder();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            entered.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            written.append(new String(b, off, len, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStuckDestinationMakesRequestsWaitOnceThenDropsAndReportsLines() throws Exception {
        Gate gate = new Gate();
        RecordingLog errors = new RecordingLog();
        AccessLogWriter writer = new AccessLogWriter(new LogFile("accesslog", "-", new PrintStream(gate, false, StandardCharsets.UTF_8)),
                errors, 64, Duration.ofMillis(50));
        assertTrue(writer.add(line("first")));
        assertTrue(gate.entered.await(30, TimeUnit.SECONDS), "the writer is inside write()");
        assertTrue(writer.add(line("queued-1")));
        assertTrue(writer.add(line("queued-2")));
        int dropped = 0;
        for (int i = 0; i < 20; i++) {
            if (!writer.add(line("over-the-bound-" + i + "-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"))) {
                dropped++;
            }
        }
        assertEquals(20, dropped, "the queue stayed full while the destination took nothing");
        gate.open.countDown();
        assertTrue(writer.close(WAIT));
        synchronized (gate) {
            assertEquals("first\nqueued-1\nqueued-2\n", gate.written.toString());
        }
        assertTrue(errors.contains("access log: dropped 20 lines"), String.valueOf(errors.lines));
    }

    @Test
    void aSlowDestinationGetsBackPressureAndEveryLine() throws Exception {
        Path file = dir.resolve("access.log");
        OutputStream slow = new OutputStream() {
            final OutputStream out = Files.newOutputStream(file);

            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                out.write(b, off, len);
            }
        };
        RecordingLog errors = new RecordingLog();
        AccessLogWriter writer = new AccessLogWriter(new LogFile("accesslog", "-", new PrintStream(slow, false, StandardCharsets.UTF_8)),
                errors, 256, WAIT);
        for (int i = 0; i < 2_000; i++) {
            assertTrue(writer.add(line("slow " + i)));
        }
        assertTrue(writer.close(WAIT));
        assertEquals(2_000, read(file).size());
        assertEquals(List.of(), errors.problems());
    }

    @Test
    void aFailingDestinationIsReportedOnceAndDoesNotStopTheWriter() throws Exception {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        RecordingLog errors = new RecordingLog();
        AccessLogWriter writer = new AccessLogWriter(new LogFile("accesslog", "-", new PrintStream(full, false, StandardCharsets.UTF_8)),
                errors, 1 << 20, WAIT);
        for (int i = 0; i < 100; i++) {
            assertTrue(writer.add(line("lost " + i)));
        }
        assertTrue(writer.close(WAIT));
        assertEquals(1, errors.matching("access log: cannot write").size(), String.valueOf(errors.lines));
        assertFalse(errors.contains("dropped"));
    }
}
