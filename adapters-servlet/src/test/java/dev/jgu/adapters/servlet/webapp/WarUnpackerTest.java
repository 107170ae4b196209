package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarUnpackerTest {

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    private Path war(String name, String content) {
        return TestApps.zip(tmp.resolve(name), TestApps.text("WEB-INF/", "", "WEB-INF/web.xml", "<web-app/>",
                "index.html", content, "static/css/app.css", "body{}"));
    }

    @Test
    void unpacksIntoNameAndHashDirectoryWithEntries() throws Exception {
        Path war = war("shop.war", "hello");
        Path dir = WarUnpacker.unpack(war, tmp.resolve("unpack"), log);
        assertTrue(dir.getFileName().toString().matches("shop-[0-9a-f]{16}"), dir.toString());
        assertEquals(tmp.resolve("unpack").toAbsolutePath(), dir.getParent());
        assertEquals("hello", Files.readString(dir.resolve("index.html")));
        assertEquals("body{}", Files.readString(dir.resolve("static/css/app.css")));
        assertTrue(Files.isDirectory(dir.resolve("WEB-INF")));
    }

    @Test
    void unpacksOnceWhenManyThreadsAskAtOnce() throws Exception {
        Path war = war("app.war", "x".repeat(100_000));
        Path root = tmp.resolve("unpack");
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Path> call = () -> {
                    start.await();
                    return WarUnpacker.unpack(war, root, log);
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            Path first = results.getFirst().get(30, TimeUnit.SECONDS);
            for (Future<Path> f : results) {
                assertEquals(first, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, log.matching("INFO war-unpack:").size(), log.lines.toString());
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains(".tmp-")).toList());
        }
    }

    @Test
    void reusesTheDirectoryForTheSameContent() throws Exception {
        Path war = war("app.war", "v1");
        Path root = tmp.resolve("unpack");
        Path dir = WarUnpacker.unpack(war, root, log);
        Files.writeString(dir.resolve("marker"), "still here");
        Path copy = Files.copy(war, Files.createDirectories(tmp.resolve("other")).resolve("app.war"));
        assertEquals(dir, WarUnpacker.unpack(war, root, log));
        assertEquals(dir, WarUnpacker.unpack(copy, root, log));
        assertEquals("still here", Files.readString(dir.resolve("marker")));
        assertEquals(1, log.matching("INFO war-unpack:").size());
    }

    @Test
    void changedContentGetsANewDirectory() throws Exception {
        Path root = tmp.resolve("unpack");
        Path v1 = WarUnpacker.unpack(war("app.war", "v1"), root, log);
        Path v2 = WarUnpacker.unpack(war("app.war", "v2"), root, log);
        assertNotEquals(v1, v2);
        assertEquals("v1", Files.readString(v1.resolve("index.html")));
        assertEquals("v2", Files.readString(v2.resolve("index.html")));
    }

    @Test
    void keepsEntryModificationTimes() throws Exception {
        FileTime time = FileTime.from(Instant.parse("2021-03-04T05:06:08Z"));
        Path war = TestApps.zip(tmp.resolve("t.war"), TestApps.text("WEB-INF/", "", "a/b.txt", "b"), time);
        Path dir = WarUnpacker.unpack(war, tmp.resolve("unpack"), log);
        assertEquals(time.toMillis(), Files.getLastModifiedTime(dir.resolve("a/b.txt")).toMillis());
        assertEquals(time.toMillis(), Files.getLastModifiedTime(dir.resolve("WEB-INF")).toMillis());
    }

    @Test
    void refusesEntriesThatClimbOutOfTheDirectory() {
        Path war = TestApps.zip(tmp.resolve("evil.war"), TestApps.text("ok.txt", "ok", "../../evil.txt", "bad"));
        WebappException e = assertThrows(WebappException.class, () -> WarUnpacker.unpack(war, tmp.resolve("u"), log));
        assertTrue(e.getMessage().contains("entry ../../evil.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("evil.war"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
        assertFalse(Files.exists(tmp.getParent().resolve("evil.txt")));
    }

    @Test
    void refusesAbsoluteEntryNames() {
        Path war = TestApps.zip(tmp.resolve("abs.war"), TestApps.text("/etc/jgu-test.txt", "bad"));
        WebappException e = assertThrows(WebappException.class, () -> WarUnpacker.unpack(war, tmp.resolve("u"), log));
        assertTrue(e.getMessage().contains("entry /etc/jgu-test.txt"), e.getMessage());
    }

    @Test
    void refusesAFileThatIsNotAZip() throws Exception {
        Path war = Files.writeString(tmp.resolve("notes.war"), "just some text, not a zip");
        WebappException e = assertThrows(WebappException.class, () -> WarUnpacker.unpack(war, tmp.resolve("u"), log));
        assertTrue(e.getMessage().contains("notes.war"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a zip file"), e.getMessage());
        try (Stream<Path> left = Files.list(tmp.resolve("u"))) {
            assertTrue(left.noneMatch(Files::isDirectory), "no directory left behind");
        }
    }

    @Test
    void createsAMissingUnpackRoot() throws Exception {
        Path root = tmp.resolve("deep/er/unpack");
        Path dir = WarUnpacker.unpack(war("app.war", "x"), root, log);
        assertTrue(Files.isDirectory(dir));
        assertTrue(Files.exists(root.resolve(dir.getFileName() + ".lock")));
    }
}
