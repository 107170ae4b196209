package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broken deploy or a bad command line ends jgu at once with a named cause: no respawn loop. */
class BootFailureIT {

    @TempDir
    Path dir;

    @Test
    void missingAppClassExits4NamingTheClass() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "com.example.NoSuchApp"))) {
            assertEquals(4, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
            assertTrue(jgu.err().contains("com.example.NoSuchApp"), jgu.err());
            assertEquals(1, JguProcess.count(jgu.err(), "not found on the classpath"), "one message, not one per worker:\n" + jgu.err());
        }
    }

    @Test
    void throwingConstructorExits4WithTheCause() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "dev.jgu.testapps.Broken"))) {
            assertEquals(4, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
            assertTrue(jgu.err().contains("dev.jgu.testapps.Broken") && jgu.err().contains("database URL not configured"), jgu.err());
            assertEquals(0, JguProcess.count(jgu.err(), "spawned worker: worker=3"), "no respawn loop:\n" + jgu.err());
        }
    }

    @Test
    void workerCrashLoopBeforeAnyWorkerIsReadyExits3NamingTheCause() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "dev.jgu.testapps.CrashOnBoot"))) {
            assertEquals(3, jgu.awaitExit(jgu.bounds.bootFailure()), jgu.err());
            String log = jgu.err();
            int at100 = log.indexOf("1 in a row, next spawn in 100ms");
            int at200 = log.indexOf("2 in a row, next spawn in 200ms");
            int loop = log.indexOf("[CRITICAL] worker boot failure: 3 workers in a row exited before ready: generation=1 code=1;");
            assertTrue(at100 >= 0 && at100 < at200 && at200 < loop, "backs off, then says why it stops:\n" + log);
            assertEquals(0, JguProcess.count(log, "spawned worker: worker=4"), "halts at the third:\n" + log);
        }
    }

    @Test
    void workerJvmThatCannotStartExits3QuotingWhatTheJvmSaid() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--jvm-opt", "-XX:+NoSuchJguFlag",
                "dev.jgu.testapps.Probe"))) {
            assertEquals(3, jgu.awaitExit(jgu.bounds.bootFailure()), jgu.err());
            String log = jgu.err();
            assertTrue(log.contains("[CRITICAL] worker boot failure: 3 workers in a row exited before ready: generation=1 code=1: "
                    + "Unrecognized VM option 'NoSuchJguFlag'"), "the JVM's own reason is reported:\n" + log);
        }
    }

    @Test
    void unknownOptionExits2WithPicocliMessage() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("--no-such-option", "dev.jgu.examples.Hello"))) {
            assertEquals(2, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
            assertTrue(jgu.err().contains("Unknown option: '--no-such-option'"), jgu.err());
        }
    }
}
