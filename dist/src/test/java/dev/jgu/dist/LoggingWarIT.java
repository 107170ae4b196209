package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a WAR's logging sees: Spring MVC's WAR carries spring-jcl and no slf4j backend, so Spring's lines go
 * through jgu's slf4j into the error log with the worker's pid; Spring Boot's WAR carries logback in
 * {@code WEB-INF/lib}, so it keeps its own (Spring Boot's console format, on stdout).
 */
class LoggingWarIT {

    @TempDir
    Path dir;

    @Test
    void aWarWithoutABackendLogsIntoJgusErrorLog() throws Exception {
        try (JguProcess jgu = ServletApps.start(dir.resolve("mvc"), List.of("-w", "1", "-b", "127.0.0.1:0",
                "-t", ServletApps.BOOT_TIMEOUT, ServletApps.springMvcWar().toString()), Map.of())) {
            ServletApps.awaitListeners(jgu, 1);
            Set<Long> workers = ServletApps.awaitWorkers(jgu, 1);
            long worker = workers.iterator().next();
            String log = jgu.log();
            // spring-jcl found jgu's org.slf4j: Spring's own INFO lines, in jgu's format, with the worker's pid
            assertTrue(Pattern.compile("(?m)^\\[[^]]+] \\[" + worker + "] \\[INFO] \\[org\\.springframework\\.[^]]+] ")
                    .matcher(log).find(), log);
            assertFalse(log.contains("brings an slf4j backend"), log);
        }
    }

    @Test
    void aWarWithLogbackInWebInfLibKeepsItsOwn() throws Exception {
        try (JguProcess jgu = ServletApps.start(dir.resolve("boot"), List.of("-w", "1", "-b", "127.0.0.1:0",
                "-t", ServletApps.BOOT_TIMEOUT, ServletApps.springBootWar().toString()), Map.of())) {
            ServletApps.awaitListeners(jgu, 1);
            long worker = ServletApps.awaitWorkers(jgu, 1).iterator().next();
            String log = jgu.log();
            assertTrue(log.contains("[" + worker + "] [INFO] webapp-loader: jar=WEB-INF/lib/logback-classic"), log);
            // Spring Boot's own logback console pattern: "... INFO 4121 --- [...] ..." on the worker's stdout
            String out = jgu.out();
            assertTrue(Pattern.compile("INFO " + worker + " --- \\[").matcher(out).find(), "Spring Boot's format on stdout:\n" + out);
            assertFalse(log.contains("[" + worker + "] [INFO] [org.springframework"), "Spring Boot's lines stay out of jgu's:\n" + log);
        }
    }
}
