package dev.jgu.adapters.servlet.session;

import dev.jgu.testing.RecordingLog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreTest {

    @TempDir
    Path temp;

    private final TestClock clock = new TestClock();
    private final RecordingLog log = new RecordingLog();
    private final List<SessionRecord> expired = new ArrayList<>();

    private FileSessionStore store() throws Exception {
        return new FileSessionStore(temp.resolve("sessions"), clock, log);
    }

    private SessionRecord record(String id, int maxInactive, Map<String, byte[]> attributes) {
        return new SessionRecord(id, clock.millis(), clock.millis(), maxInactive, attributes);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordWrittenByOneStoreIsReadByANewOne() throws Exception {
        String id = SessionIds.next();
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        attributes.put("user", bytes("alice"));
        attributes.put("ünïcode", new byte[] {0, 1, 2});
        store().save(new SessionRecord(id, clock.millis() - 5000, clock.millis(), 1800, attributes));

        SessionRecord read = store().load(id, expired::add).orElseThrow();

        assertEquals(id, read.id());
        assertEquals(clock.millis() - 5000, read.creationTime());
        assertEquals(clock.millis(), read.lastAccessedTime());
        assertEquals(1800, read.maxInactiveInterval());
        assertEquals(List.of("user", "ünïcode"), List.copyOf(read.attributes().keySet()));
        assertArrayEquals(bytes("alice"), read.attributes().get("user"));
        assertArrayEquals(new byte[] {0, 1, 2}, read.attributes().get("ünïcode"));
    }

    @Test
    void refusesIdsThatCouldNameAPath() throws Exception {
        FileSessionStore store = store();
        String tooLong = SessionIds.next() + "x";
        for (String bad : List.of("../x", tooLong, "../" + SessionIds.next().substring(3),
                SessionIds.next().substring(1) + "/")) {
            assertThrows(IllegalArgumentException.class, () -> store.load(bad, expired::add), bad);
            assertThrows(IllegalArgumentException.class, () -> store.delete(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> store.touch(bad, 1), bad);
            assertThrows(IllegalArgumentException.class, () -> store.update(bad, c -> c), bad);
            assertThrows(IllegalArgumentException.class, () -> store.save(record(bad, 60, Map.of())), bad);
        }
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(List.of(temp.resolve("sessions")), files.toList());
        }
    }

    @Test
    void filesAreForTheOwnerOnly() throws Exception {
        FileSessionStore store = store();
        String id = SessionIds.next();
        store.save(record(id, 60, Map.of()));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.directory().resolve(id + ".session"))));
        try (Stream<Path> files = Files.list(store.directory())) {
            assertEquals(List.of(".locks", id + ".session"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp file left");
        }
    }

    @Test
    void expiredRecordIsAbsentOnLoadDeletedAndReportedOnce() throws Exception {
        FileSessionStore store = store();
        String id = SessionIds.next();
        store.save(record(id, 60, Map.of()));
        clock.advance(Duration.ofSeconds(59));
        assertTrue(store.load(id, expired::add).isPresent());

        clock.advance(Duration.ofSeconds(1));

        assertEquals(Optional.empty(), store.load(id, expired::add));
        assertEquals(List.of(id), expired.stream().map(SessionRecord::id).toList());
        assertFalse(Files.exists(store.directory().resolve(id + ".session")));
        assertEquals(Optional.empty(), store.load(id, expired::add));
        assertEquals(1, expired.size());
    }

    @Test
    void expireSweepsOnlyExpiredRecords() throws Exception {
        FileSessionStore store = store();
        String short1 = SessionIds.next();
        String short2 = SessionIds.next();
        String longer = SessionIds.next();
        String forever = SessionIds.next();
        store.save(record(short1, 60, Map.of()));
        store.save(record(short2, 60, Map.of()));
        store.save(record(longer, 3600, Map.of()));
        store.save(record(forever, 0, Map.of()));
        clock.advance(Duration.ofMinutes(2));

        assertEquals(2, store.expire(clock.millis(), expired::add));

        assertEquals(Set.of(short1, short2), Set.copyOf(expired.stream().map(SessionRecord::id).toList()));
        assertTrue(store.load(longer, expired::add).isPresent());
        assertTrue(store.load(forever, expired::add).isPresent());
        assertEquals(0, store.expire(clock.millis(), expired::add));
    }

    @Test
    void touchKeepsASessionAliveWithoutRewritingIt() throws Exception {
        FileSessionStore store = store();
        String id = SessionIds.next();
        store.save(record(id, 60, Map.of("a", bytes("1"))));
        Path file = store.directory().resolve(id + ".session");
        byte[] before = Files.readAllBytes(file);
        clock.advance(Duration.ofSeconds(50));

        store.touch(id, clock.millis());
        clock.advance(Duration.ofSeconds(50));

        assertArrayEquals(before, Files.readAllBytes(file));
        SessionRecord read = store.load(id, expired::add).orElseThrow();
        assertEquals(clock.millis() - 50_000, read.lastAccessedTime());
        store.touch(SessionIds.next(), clock.millis());
    }

    @Test
    void corruptOrTruncatedFileIsAbsentAndRemovedWithOneLogLine() throws Exception {
        FileSessionStore store = store();
        String garbage = SessionIds.next();
        String truncated = SessionIds.next();
        Files.write(store.directory().resolve(garbage + ".session"), bytes("not a session"));
        byte[] whole = SessionFile.encode(record(truncated, 60, Map.of("a", bytes("value"))));
        Files.write(store.directory().resolve(truncated + ".session"),
                Arrays.copyOf(whole, whole.length - 3));

        assertEquals(Optional.empty(), store.load(garbage, expired::add));
        assertEquals(Optional.empty(), store.update(truncated, current -> current));

        assertEquals(2, log.problems().size(), log.problems().toString());
        assertTrue(log.problems().get(0).contains(garbage + ".session"), log.problems().get(0));
        assertTrue(log.problems().get(1).contains(truncated + ".session"), log.problems().get(1));
        assertFalse(Files.exists(store.directory().resolve(garbage + ".session")));
        assertFalse(Files.exists(store.directory().resolve(truncated + ".session")));
        assertEquals(List.of(), expired);
    }

    @Test
    void sweepRemovesCorruptFiles() throws Exception {
        FileSessionStore store = store();
        String id = SessionIds.next();
        Files.write(store.directory().resolve(id + ".session"), new byte[0]);

        assertEquals(0, store.expire(clock.millis(), expired::add));

        assertFalse(Files.exists(store.directory().resolve(id + ".session")));
        assertEquals(1, log.problems().size());
    }

    @Test
    void sweepRemovesTempFilesOfFailedWrites() throws Exception {
        FileSessionStore store = store();
        Path orphan = store.directory().resolve(SessionIds.next() + ".4711.tmp");
        Files.write(orphan, bytes("half a session"));

        store.expire(clock.millis(), expired::add);

        assertFalse(Files.exists(orphan));
    }

    @Test
    void updateReturningEmptyDeletesAndNeverCreates() throws Exception {
        FileSessionStore store = store();
        String id = SessionIds.next();
        assertEquals(Optional.empty(), store.update(id, current -> {
            assertEquals(Optional.empty(), current);
            return current;
        }));
        store.save(record(id, 60, Map.of()));

        store.update(id, current -> Optional.empty());

        assertEquals(Optional.empty(), store.load(id, expired::add));
        assertThrows(IllegalArgumentException.class,
                () -> store.update(id, current -> Optional.of(record(SessionIds.next(), 60, Map.of()))));
    }

    @Test
    void concurrentUpdatesFromTwoStoresLoseNoAttribute() throws Exception {
        FileSessionStore one = store();
        FileSessionStore two = store();
        String id = SessionIds.next();
        one.save(record(id, 60, Map.of()));
        int threads = 4;
        int updates = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                FileSessionStore store = t % 2 == 0 ? one : two;
                String prefix = "t" + t + "-";
                done.add(pool.submit(() -> {
                    for (int i = 0; i < updates; i++) {
                        String name = prefix + i;
                        store.update(id, current -> current.map(r -> {
                            Map<String, byte[]> attributes = new LinkedHashMap<>(r.attributes());
                            attributes.put(name, bytes(name));
                            return new SessionRecord(id, r.creationTime(), r.lastAccessedTime(),
                                    r.maxInactiveInterval(), attributes);
                        }));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(threads * updates, one.load(id, expired::add).orElseThrow().attributes().size());
    }
}
