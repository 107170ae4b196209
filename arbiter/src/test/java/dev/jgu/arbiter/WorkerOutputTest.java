package dev.jgu.arbiter;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WorkerOutputTest {

    private final Posix posix = new Posix();
    private final POSIX raw = POSIXFactory.getNativePOSIX();

    private String relayed(String written, ByteArrayOutputStream relay, String[] last) throws IOException {
        int[] pipe = posix.pipe();
        WorkerOutput output = WorkerOutput.start(posix, pipe[0], relay, "test-stderr");
        byte[] bytes = written.getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < bytes.length; off += 1000) {
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 1000));
            assertEquals(chunk.length, raw.write(pipe[1], chunk, chunk.length));
        }
        posix.close(pipe[1]);
        last[0] = output.lastLines(10_000);
        return relay.toString(StandardCharsets.UTF_8);
    }

    @Test
    void relaysEveryByteAndReportsTheJvmsOwnLastLinesWithoutJgusLogLines() throws IOException {
        String written = "[2026-12-02 10:00:00 +0000] [4121] [INFO] booting worker: worker=1\n"
                + "Error: Could not find or load main class dev.jgu.workers.runtime.WorkerMain\n"
                + "Caused by: java.lang.ClassNotFoundException: dev.jgu.workers.runtime.WorkerMain\n";
        ByteArrayOutputStream relay = new ByteArrayOutputStream();
        String[] last = new String[1];
        assertEquals(written, relayed(written, relay, last));
        assertEquals("Error: Could not find or load main class dev.jgu.workers.runtime.WorkerMain"
                + " | Caused by: java.lang.ClassNotFoundException: dev.jgu.workers.runtime.WorkerMain", last[0]);
    }

    @Test
    void keepsOnlyTheLastLinesOfALongOutput() throws IOException {
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            written.append("line ").append(i).append('\n');
        }
        ByteArrayOutputStream relay = new ByteArrayOutputStream();
        String[] last = new String[1];
        assertEquals(written.toString(), relayed(written.toString(), relay, last));
        assertEquals("line 494 | line 495 | line 496 | line 497 | line 498 | line 499", last[0]);
    }

    @Test
    void noLinesWhenTheWorkerWroteOnlyLogLinesOrNothing() throws IOException {
        String[] last = new String[1];
        relayed("[2026-12-02 10:00:00 +0000] [4121] [ERROR] something\n\n", new ByteArrayOutputStream(), last);
        assertNull(last[0]);
        relayed("", new ByteArrayOutputStream(), last);
        assertNull(last[0]);
    }
}
