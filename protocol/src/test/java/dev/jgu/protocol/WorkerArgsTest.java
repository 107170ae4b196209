package dev.jgu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerArgsTest {

    private static WorkerArgs args(int statsdFd, int syslogFd) {
        return new WorkerArgs(Path.of("/run/s.properties"), Path.of("/run/scoreboard"), 2, 7, 5, 1000,
                Path.of("/run/boot-error-7.txt"), List.of(new WorkerArgs.InheritedListener(3, "127.0.0.1:8000"),
                new WorkerArgs.InheritedListener(4, "unix:/run/jgu.sock")), statsdFd, syslogFd);
    }

    @Test
    void theCommandLineReadsBackAsWritten() {
        WorkerArgs written = args(6, 8);
        assertEquals(written, WorkerArgs.parse(written.toArgs().toArray(String[]::new)));
    }

    @Test
    void noStatsdOrSyslogSocketIsNoArgumentAndReadsBackAsNone() {
        WorkerArgs written = args(-1, -1);
        assertFalse(written.toArgs().contains("--statsd-fd"));
        assertFalse(written.toArgs().contains("--syslog-fd"));
        WorkerArgs read = WorkerArgs.parse(written.toArgs().toArray(String[]::new));
        assertEquals(-1, read.statsdFd());
        assertEquals(-1, read.syslogFd());
    }
}
