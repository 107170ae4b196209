package dev.jgu.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JulBridgeTest {

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        JguLogging.configure(new LogSink("-", Level.INFO, null));
    }

    @Test
    void julRecordsReachTheErrorLogAndLevelsBelowItAreRefusedByJul() throws IOException {
        Path file = dir.resolve("error.log");
        JguLogging.configure(new LogSink(file.toString(), Level.INFO, null));
        assertTrue(JulBridge.install(Level.INFO));
        assertTrue(JguLogging.ownProviderBound());
        Logger jul = Logger.getLogger("com.example.Legacy");
        assertFalse(jul.isLoggable(java.util.logging.Level.FINE), "FINE must be refused by JUL's own level check");
        jul.fine("not written");
        jul.info("stock {0} left");
        jul.log(java.util.logging.Level.INFO, "item {0} sold", 42);
        jul.log(java.util.logging.Level.SEVERE, "payment failed", new IllegalStateException("card"));
        jul.warning("careful");
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).endsWith("[INFO] [com.example.Legacy] stock {0} left"), lines.get(0));
        assertTrue(lines.get(1).endsWith("[INFO] [com.example.Legacy] item 42 sold"), lines.get(1));
        assertTrue(lines.get(2).endsWith("[ERROR] [com.example.Legacy] payment failed"), lines.get(2));
        assertEquals("java.lang.IllegalStateException: card", lines.get(3));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("[WARNING] [com.example.Legacy] careful")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("not written")));
    }

    @Test
    void mapsTheErrorLogLevelToJuls() {
        assertEquals(java.util.logging.Level.FINE, JulBridge.julLevel(Level.DEBUG));
        assertEquals(java.util.logging.Level.INFO, JulBridge.julLevel(Level.INFO));
        assertEquals(java.util.logging.Level.WARNING, JulBridge.julLevel(Level.WARNING));
        assertEquals(java.util.logging.Level.SEVERE, JulBridge.julLevel(Level.CRITICAL));
    }
}
