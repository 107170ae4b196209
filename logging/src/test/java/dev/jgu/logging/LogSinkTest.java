package dev.jgu.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSinkTest {

    private static final long PID = ProcessHandle.current().pid();
    private static final String TIME = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}]";

    @TempDir
    Path dir;

    @Test
    void writesGunicornsLineWithThePid() throws IOException {
        Path file = dir.resolve("error.log");
        Logger log = JguLogging.logger("jgu.worker", new LogSink(file.toString(), Level.INFO, null));
        log.info("booted worker: worker={} pid={}", 1, PID);
        String line = Files.readAllLines(file).get(0);
        assertTrue(line.matches(TIME + " \\[" + PID + "] \\[INFO] booted worker: worker=1 pid=" + PID), line);
    }

    @Test
    void atLevelCriticalOnlyCriticalLinesPass() throws IOException {
        Path file = dir.resolve("error.log");
        Logger log = JguLogging.logger("jgu.arbiter", new LogSink(file.toString(), Level.CRITICAL, null));
        log.error("no");
        log.error(JguLogging.CRITICAL, "yes critical");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("[CRITICAL] yes critical"), lines.get(0));
    }

    @Test
    void namesAnAppsLoggerButNotJgusOwn() {
        assertEquals("[2026-01-01 00:00:00 +0000] [7] [WARNING] [com.example.Shop] low stock",
                LogLine.format(0, 7, Level.WARNING, "com.example.Shop", "low stock").replaceFirst("^\\[[^]]*]", "[2026-01-01 00:00:00 +0000]"));
        assertFalse(LogLine.format(0, 7, Level.INFO, "jgu.arbiter", "x").contains("jgu.arbiter"));
        assertFalse(LogLine.format(0, 7, Level.INFO, "dev.jgu.http.Parser", "x").contains("dev.jgu"));
    }

    @Test
    void dropsLinesBelowTheLevelAndMapsLevels() throws IOException {
        Path file = dir.resolve("error.log");
        Logger log = JguLogging.logger("app", new LogSink(file.toString(), Level.WARNING, null));
        assertFalse(log.isInfoEnabled());
        assertTrue(log.isWarnEnabled());
        log.debug("no");
        log.info("no");
        log.warn("yes warn");
        log.error("yes error");
        log.error(JguLogging.CRITICAL, "yes critical");
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("[WARNING] [app] yes warn"), lines.get(0));
        assertTrue(lines.get(1).contains("[ERROR] [app] yes error"), lines.get(1));
        assertTrue(lines.get(2).contains("[CRITICAL] [app] yes critical"), lines.get(2));
    }

    @Test
    void stackTraceFollowsItsLine() throws IOException {
        Path file = dir.resolve("error.log");
        Logger log = JguLogging.logger("jgu", new LogSink(file.toString(), Level.INFO, null));
        log.error("worker failed", new IllegalStateException("boom"));
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).endsWith("[ERROR] worker failed"), lines.get(0));
        assertEquals("java.lang.IllegalStateException: boom", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat "), lines.get(2));
    }

    @Test
    void reopenStartsANewFileAfterLogrotateMovedTheOld() throws IOException {
        Path file = dir.resolve("error.log");
        LogSink sink = new LogSink(file.toString(), Level.INFO, null);
        sink.write(Level.INFO, null, "before", null);
        Path rotated = dir.resolve("error.log.1");
        Files.move(file, rotated);
        sink.write(Level.INFO, null, "still old", null);
        sink.reopen();
        sink.write(Level.INFO, null, "after", null);
        assertEquals(2, Files.readAllLines(rotated).size());
        List<String> fresh = Files.readAllLines(file);
        assertEquals(1, fresh.size());
        assertTrue(fresh.get(0).endsWith("after"));
    }

    @Test
    void dashWritesToTheStandardStreamAndUnopenableFileFallsBackToIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream standard = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new LogSink("-", Level.INFO, null, standard).write(Level.INFO, null, "on stderr", null);
        LogSink broken = new LogSink(dir.resolve("missing/dir/error.log").toString(), Level.INFO, null, standard);
        broken.write(Level.INFO, null, "fallback", null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[INFO] on stderr"), text);
        assertTrue(text.contains("errorlog: cannot open"), text);
        assertTrue(text.contains("[INFO] fallback"), text);
    }

    @Test
    void parsesGunicornsLevelNames() {
        assertEquals(Level.WARNING, Level.parse("warn"));
        assertEquals(Level.WARNING, Level.parse("WARNING"));
        assertEquals(Level.CRITICAL, Level.parse("critical"));
        assertEquals(Level.INFO, Level.parse(null));
        assertEquals(Level.INFO, Level.parse("nonsense"));
    }
}
