package dev.jgu.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Servlet*IT process tests share: the built apps (WARs and Spring MVC's jars, named by
 * system properties the failsafe configuration sets), a jgu started on one of them with its
 * web-app directories in the test's temp dir, and reading the JSON the apps answer.
 */
final class ServletApps {

    /**
     * A worker booting a framework takes seconds of CPU (Spring Boot the most); with the other process
     * tests beside it on a small machine, beyond the 30 s a booting worker gets by default. The servlet
     * arbiters get a longer {@code --timeout}, which bounds a boot too, and so the waits for them.
     */
    static final String BOOT_TIMEOUT = "150";

    private ServletApps() {
    }

    static Path jerseyWar() {
        return built("jgu.testapps.jersey.war", "test-apps-jersey-servlet");
    }

    static Path springMvcWar() {
        return built("jgu.testapps.springmvc.war", "test-apps-spring-mvc");
    }

    /** Spring MVC's own jar beside its dependencies, as one {@code --classpath DIR/*} entry. */
    static String springMvcClasspath() {
        return built("jgu.testapps.springmvc.lib", "test-apps-spring-mvc") + "/*";
    }

    static Path springBootWar() {
        return built("jgu.testapps.springboot.war", "test-apps-spring-boot");
    }

    private static Path built(String property, String module) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " names nothing that exists (" + value
                    + "): run through mvn verify, which builds " + module + " first");
        }
        return Path.of(value);
    }

    /**
     * Starts {@code bin/jgu} in {@code dir} with {@code args} (the app last), unpacking WARs into and
     * keeping sessions in {@code dir}, so parallel tests share nothing. Unlike {@link JguProcess#start}
     * it leaves the test-apps jar off the class path: a WAR brings its own.
     */
    static JguProcess start(Path dir, List<String> args, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(JguProcess.home().resolve("bin/jgu").toString(),
                "--war-dir", dir.resolve("wars").toString(), "--session-dir", dir.resolve("sessions").toString()));
        cmd.addAll(args);
        return JguProcess.startCommand(dir, cmd, env);
    }

    /** The first of the arbiter's {@code n} listeners, as {@link JguProcess#listeners}, failing at once when it exits first. */
    static String awaitListeners(JguProcess jgu, int n) {
        JguProcess.await(() -> !jgu.process.isAlive() || JguProcess.count(jgu.log(), "listening: address=") >= n,
                jgu.bounds.boot(), () -> n + " listening lines:\n" + jgu.log());
        if (!jgu.process.isAlive()) {
            throw new AssertionError("jgu exited " + jgu.process.exitValue() + " before listening:\n" + jgu.err() + jgu.out());
        }
        return jgu.listeners(n).get(0);
    }

    /**
     * Waits until the arbiter has {@code n} ready workers, as {@link JguProcess#awaitWorkers}, but fails
     * at once with its log when it exits first (an app it cannot serve ends it with exit 4).
     */
    static Set<Long> awaitWorkers(JguProcess jgu, int n) {
        JguProcess.await(() -> !jgu.process.isAlive() || readyWorkers(jgu, n), jgu.bounds.boot(),
                () -> n + " ready workers, have " + JguProcess.children(jgu.pid()) + "; log:\n" + jgu.err());
        if (!jgu.process.isAlive()) {
            throw new AssertionError("jgu exited " + jgu.process.exitValue() + " before " + n + " workers were ready:\n"
                    + jgu.err() + jgu.out());
        }
        return jgu.awaitWorkers(n);
    }

    private static boolean readyWorkers(JguProcess jgu, int n) {
        Set<Long> live = JguProcess.children(jgu.pid());
        return live.size() == n && JguProcess.readyPids(jgu.log()).containsAll(live);
    }

    /** A POST with a body of bytes carried as ISO-8859-1 chars, as {@link HttpProbe} sends them. */
    static String post(String target, String type, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: test\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    /** {@link #post} of text sent as UTF-8. */
    static String postUtf8(String target, String type, String body) {
        return post(target, type, new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /** A GET on a connection of its own, with more header lines ({@code Name: value}). */
    static String get(String target, String... headers) {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: test\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    /** The text of a body read as ISO-8859-1 bytes and sent as UTF-8. */
    static String utf8(String body) {
        return new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** The number a flat JSON object gives {@code field}; fails the test when there is none. */
    static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), "a number \"" + field + "\" in " + json);
        return Long.parseLong(m.group(1));
    }

    /** The string a flat JSON object gives {@code field} (no escapes in it); fails the test when there is none. */
    static String string(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":\"([^\"\\\\]*)\"").matcher(json);
        assertTrue(m.find(), "a string \"" + field + "\" in " + json);
        return m.group(1);
    }

    /** Asserts the body's {@code field} is the pid of one of {@code workers}, and returns it. */
    static long answeredBy(String json, String field, Set<Long> workers) {
        long pid = number(json, field);
        assertTrue(workers.contains(pid), "answered by a worker of this arbiter: " + pid + " not in " + workers + "; " + json);
        return pid;
    }

    /** The value of a response head's field (first occurrence, name case-insensitive), or null. */
    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Asserts the log has no ERROR line and no stack trace of an uncaught failure. */
    static void assertNoErrors(JguProcess jgu) {
        String log = jgu.err();
        assertTrue(!log.contains("[ERROR]") && !log.contains("Exception in thread"), "no error in the log:\n" + log);
    }
}
