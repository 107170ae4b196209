package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The error log as an operator reads it: jgu's own lines and an app's (slf4j, java.util.logging, captured
 * stdout and stderr) in one file, each with the pid of the worker that wrote it; and {@code --log-config} with
 * a logback file of the operator's, whose format every line then takes.
 */
class LoggingIT {

    private static final Pattern LINE_START = Pattern.compile("^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] ");

    @TempDir
    Path dir;

    @Test
    void appLinesThroughSlf4jJulAndCapturedOutputLandInTheErrorLogWithTheWorkersPid() throws Exception {
        Path error = dir.resolve("error.log");
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--error-logfile", error.toString(),
                "--capture-output", "dev.jgu.testapps.LogEmitter"))) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(2);
            String slf4jPid = pid(address, "/slf4j?msg=alpha1");
            String julPid = pid(address, "/jul?msg=bravo2");
            String debugPid = pid(address, "/debug?msg=charlie3");
            String stdoutPid = pid(address, "/stdout?msg=delta4");
            String stderrPid = pid(address, "/stderr?msg=echo5");
            awaitText(error, "[" + slf4jPid + "] [INFO] [testapps.shop] slf4j says alpha1", jgu.bounds.react());
            awaitText(error, "[" + julPid + "] [INFO] [testapps.legacy] jul says bravo2", jgu.bounds.react());
            awaitText(error, "stdout says delta4", jgu.bounds.react());
            awaitText(error, "stderr says echo5", jgu.bounds.react());
            String log = Files.readString(error);
            for (String said : List.of("slf4j says alpha1", "jul says bravo2")) {
                String line = log.lines().filter(l -> l.contains(said)).findFirst().orElseThrow();
                assertTrue(LINE_START.matcher(line).find(), "Gunicorn's line: " + line);
            }
            assertFalse(log.contains("debug says charlie3"), "DEBUG lines are below the default loglevel:\n" + log);
            assertFalse(jgu.out().contains("stdout says"), "captured stdout must not reach jgu's own stdout:\n" + jgu.out());
            // jgu's own lines: the arbiter's and each worker's, through slf4j, in the same file
            assertTrue(Pattern.compile("(?m)^\\[[^]]+] \\[" + jgu.pid() + "] \\[INFO] listening: address=").matcher(log).find(), log);
            assertTrue(log.contains("[" + slf4jPid + "] [INFO] booted worker: worker="), log);
            assertTrue(Long.parseLong(stdoutPid) > 0 && Long.parseLong(stderrPid) > 0 && Long.parseLong(debugPid) > 0);
        }
    }

    @Test
    void logConfigTakesLogbacksOwnFileAndChangesTheFormatOfEveryLine() throws Exception {
        Path config = dir.resolve("logback.xml");
        Files.writeString(config, """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>LOGBACK|%level|${jgu.pid}|%logger|%msg%n</pattern></encoder>
                  </appender>
                  <logger name="testapps.legacy" level="WARN"/>
                  <root level="INFO"><appender-ref ref="ERR"/></root>
                </configuration>
                """);
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "--log-config", config.toString(),
                "dev.jgu.testapps.LogEmitter"))) {
            String address = jgu.listeners(1).get(0);
            jgu.awaitWorkers(1);
            String worker = pid(address, "/slf4j?msg=foxtrot6");
            pid(address, "/jul?msg=golf7");
            awaitText(jgu.stderr, "LOGBACK|INFO|" + worker + "|testapps.shop|slf4j says foxtrot6", jgu.bounds.react());
            String log = jgu.log();
            assertTrue(log.contains("LOGBACK|INFO|" + jgu.pid() + "|jgu.arbiter|listening: address="), log);
            assertTrue(log.contains("LOGBACK|INFO|" + worker + "|jgu.worker|booted worker: worker="), log);
            // logback's per-logger level: the JUL logger set to WARN writes nothing at INFO
            assertFalse(log.contains("jul says golf7"), log);
            assertFalse(LINE_START.matcher(log).find(), "no line in jgu's own format is left:\n" + log);
            // USR1 configures logback again from its file (reopening its file appenders), in both processes
            jgu.signal("USR1");
            JguProcess.await(() -> JguProcess.count(jgu.log(), "|reopened log file: " + config) >= 2, jgu.bounds.react(),
                    () -> "two 'reopened log file' lines:\n" + jgu.log());
            String after = pid(address, "/slf4j?msg=juliet9");
            awaitText(jgu.stderr, "LOGBACK|INFO|" + after + "|testapps.shop|slf4j says juliet9", jgu.bounds.react());
        }
    }

    @Test
    void anUnreadableLogConfigIsAUsageErrorNamingTheSetting() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "--log-config",
                dir.resolve("missing.xml").toString(), "dev.jgu.testapps.LogEmitter"))) {
            assertTrue(jgu.process.waitFor(jgu.bounds.boot().toMillis(), TimeUnit.MILLISECONDS), "jgu must exit");
            assertEquals(2, jgu.process.exitValue());
            assertTrue(jgu.err().contains("logconfig: cannot read " + dir.resolve("missing.xml")), jgu.err());
        }
    }

    private static String pid(String address, String target) throws IOException {
        HttpProbe.Reply reply = HttpProbe.get(address, target);
        assertEquals(200, reply.status(), target + ": " + reply.body());
        return reply.body().strip();
    }

    private static void awaitText(Path file, String text, Duration bound) {
        JguProcess.await(() -> RealProgram.read(file).contains(text), bound, () -> "'" + text + "' in " + file + ":\n" + RealProgram.read(file));
    }
}
