package dev.jgu.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * com.sun.net.httpserver apps running unchanged in jgu workers of one class: Jersey 4 (from
 * Maven Central, built by the test build into test-apps-jdkhttp/target/app-lib) whose {@code
 * main} starts its jdk-http container through jgu's HttpServerProvider, in two workers, and a
 * plain {@code HttpHandler} class named as the app, in one. One arbiter per app serves every check of a
 * class; the last check stops both gracefully.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class JdkHttpChecks {

    static final String JERSEY_MAIN = "dev.jgu.testapps.jdkhttp.JerseyMain::main";
    static final String PLAIN_HANDLER = "dev.jgu.testapps.jdkhttp.PlainHandler";
    private static final long READ_MS = 30_000;

    Path dir;
    JguProcess jersey;
    JguProcess plain;
    String jerseyAddress;
    String plainAddress;

    /** @return the {@code -k} name under test */
    abstract String workerClass();

    /** @return whether the class keeps connections alive ({@code sync} closes after each response) */
    boolean keepsAlive() {
        return true;
    }

    /** @return more {@code -b} addresses for the Jersey arbiter (they follow its TCP listener) */
    List<String> jerseyBinds() {
        return List.of();
    }

    /** The app's jars: test-apps-jdkhttp's jar and its dependencies, one classpath entry. */
    static String appClasspath() {
        String lib = System.getProperty("jgu.testapps.jdkhttp");
        if (lib == null || !Files.isDirectory(Path.of(lib))) {
            throw new IllegalStateException("system property jgu.testapps.jdkhttp names no directory (" + lib
                    + "): run through mvn verify, which builds test-apps-jdkhttp first");
        }
        return lib + "/*";
    }

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        dir = tmp;
        Files.createDirectories(dir.resolve("jersey"));
        Files.createDirectories(dir.resolve("plain"));
        List<String> args = new ArrayList<>(List.of("-k", workerClass(), "-w", "2", "-b", "127.0.0.1:0"));
        for (String bind : jerseyBinds()) {
            args.addAll(List.of("-b", bind));
        }
        args.addAll(List.of("--timeout", BOOT_TIMEOUT, "--graceful-timeout", "10", "--classpath", appClasspath(), JERSEY_MAIN));
        jersey = JguProcess.start(dir.resolve("jersey"), args);
        plain = JguProcess.start(dir.resolve("plain"), List.of("-k", workerClass(), "-w", "1", "-b", "127.0.0.1:0",
                "--graceful-timeout", "10", "--classpath", appClasspath(), PLAIN_HANDLER));
        jerseyAddress = jersey.listeners(1 + jerseyBinds().size()).get(0);
        plainAddress = plain.listeners(1).get(0);
        awaitReady(jersey, 2);
        awaitReady(plain, 1);
    }

    /**
     * A worker booting Jersey takes seconds of CPU; with the other process tests running beside it on
     * a small machine, beyond the 30 s a booting worker gets by default. The Jersey arbiters get a longer
     * {@code --timeout} (which bounds a boot too), and the wait for them is as long, with their log when
     * it fails.
     */
    static final String BOOT_TIMEOUT = "150";

    static void awaitReady(JguProcess jgu, int workers) {
        JguProcess.await(() -> jgu.workerPids().size() == workers && JguProcess.count(jgu.err(), "-> ready") >= workers,
                Duration.ofSeconds(180), () -> workers + " ready workers, have " + jgu.workerPids() + "; log:\n" + jgu.err());
    }

    @AfterAll
    void stop() {
        for (JguProcess p : new JguProcess[] {jersey, plain}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static String post(String target, String type, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: test\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Test
    @Order(1)
    void everyWorkerRanTheMainAndItsServerBoundNothing() {
        String log = jersey.err();
        assertEquals(2, JguProcess.count(log, "jdk-http: dev.jgu.testapps.jdkhttp.JerseyMain.main(String[]) started an"
                + " HttpServer; serving contexts [/api/]"), "each worker ran main once:\n" + log);
        assertEquals(2, JguProcess.count(log, "HttpServer.bind(localhost/127.0.0.1:8080) opens no socket"), log);
        assertTrue(log.contains("ready: workers=2"), log);
    }

    @Test
    @Order(1)
    void jsonInAndOutThroughJackson() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(jerseyAddress, post("/api/shop/orders", "application/json",
                "{\"item\":\"gadget\",\"quantity\":3,\"notes\":[\"gift\",\"fragile\"]}"));
        assertEquals(201, r.status(), r.head() + r.body());
        assertTrue(r.head().toLowerCase().contains("content-type: application/json"), r.head());
        assertTrue(r.head().contains("Content-Length: " + r.body().length()), "buffered by Jersey: " + r.head());
        assertTrue(r.body().startsWith("{\"item\":\"gadget\",\"quantity\":3,\"unitCents\":1999,\"totalCents\":5997,\"notes\":2,"
                + "\"worker\":"), r.body());
        long worker = Long.parseLong(r.body().replaceAll(".*\"worker\":(\\d+).*", "$1").trim());
        assertTrue(jersey.workerPids().contains(worker), "answered by a worker: " + worker + " " + jersey.workerPids());

        HttpProbe.Reply price = HttpProbe.get(jerseyAddress, "/api/shop/prices/widget");
        assertEquals(200, price.status(), price.head() + price.body());
        assertTrue(price.body().contains("\"cents\":250") && price.body().contains("\"self\":\"http://test/api/shop/prices/widget\""),
                "Jersey's base URI is the Host and the context path: " + price.body());
    }

    @Test
    @Order(1)
    void aFormPost() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(jerseyAddress, post("/api/shop/orders", "application/x-www-form-urlencoded",
                "item=widget&quantity=4"));
        assertEquals(200, r.status(), r.head() + r.body());
        assertEquals("ordered 4 x widget = 1000 cents\n", r.body());
    }

    @Test
    @Order(1)
    void notFoundInsideAndOutsideTheContext() throws Exception {
        HttpProbe.Reply jerseys = HttpProbe.get(jerseyAddress, "/api/nothing/here");
        assertEquals(404, jerseys.status(), jerseys.head());
        HttpProbe.Reply unknownItem = HttpProbe.get(jerseyAddress, "/api/shop/prices/spanner");
        assertEquals(404, unknownItem.status(), unknownItem.head());
        HttpProbe.Reply outside = HttpProbe.get(jerseyAddress, "/elsewhere");
        assertEquals(404, outside.status(), outside.head());
        assertEquals("404 No context found for request\n", outside.body());
    }

    @Test
    @Order(1)
    void anExceptionMapperAnswers() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(jerseyAddress, post("/api/shop/orders", "application/json",
                "{\"item\":\"widget\",\"quantity\":11}"));
        assertEquals(409, r.status(), r.head() + r.body());
        assertTrue(r.body().contains("\"error\":\"only 10 widget left\"") && r.body().contains("\"available\":10"), r.body());
    }

    @Test
    @Order(1)
    void aBodyLargerThanJerseyBuffersIsChunked() throws Exception {
        HttpProbe.Reply r = HttpProbe.get(jerseyAddress, "/api/shop/catalog?lines=2000");
        assertEquals(200, r.status(), r.head());
        assertTrue(r.head().contains("Transfer-Encoding: chunked"), r.head());
        assertEquals(2000, r.body().lines().count());
        assertTrue(r.body().endsWith("line 1999 of the catalog\n"));
    }

    @Test
    @Order(1)
    void headSaysTheLengthAndSendsNoBody() throws Exception {
        HttpProbe.Reply get = HttpProbe.get(jerseyAddress, "/api/shop/prices/gadget");
        HttpProbe.Reply head = HttpProbe.send(jerseyAddress,
                "HEAD /api/shop/prices/gadget HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        assertEquals(200, head.status(), head.head());
        assertTrue(head.head().contains("Content-Length: " + get.body().length()), head.head() + "\nGET:" + get.body());
        assertEquals("", head.body());
    }

    @Test
    @Order(1)
    void oneConnectionCarriesBufferedAndChunkedResponses() throws Exception {
        try (HttpConnection conn = HttpConnection.open(jerseyAddress)) {
            for (String target : List.of("/api/shop/prices/widget", "/api/shop/catalog?lines=1000", "/api/shop/prices/gadget")) {
                HttpConnection.Response r = conn.exchange(HttpConnection.get(target), READ_MS);
                assertEquals(200, r.status(), r.head());
                if (!keepsAlive()) {
                    assertTrue(r.closes(), r.head());
                    return;
                }
                assertFalse(r.closes(), "kept alive: " + r.head());
            }
        }
    }

    @Test
    @Order(1)
    void aPlainHandlerChunksWithLengthZero() throws Exception {
        HttpProbe.Reply r = HttpProbe.get(plainAddress, "/chunked");
        assertEquals(200, r.status(), r.head());
        assertTrue(r.head().contains("Transfer-Encoding: chunked"), r.head());
        assertEquals("part 1\npart 2\n", r.body());
    }

    @Test
    @Order(1)
    void aPlainHandlerSendsNoBodyWithMinusOne() throws Exception {
        String raw = HttpProbe.exchange(plainAddress, "GET /nobody HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", READ_MS);
        assertTrue(raw.startsWith("HTTP/1.1 204 No Content\r\n"), raw);
        assertFalse(raw.contains("Content-Length") || raw.contains("Transfer-Encoding"), raw);
        assertTrue(raw.endsWith("\r\n\r\n"), "no body: " + raw);
    }

    @Test
    @Order(1)
    void aPlainHandlerEchoesWithAFixedLength() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(plainAddress, post("/echo", "text/csv", "a,b\n1,2\n"));
        assertEquals(200, r.status(), r.head());
        assertTrue(r.head().contains("Content-Length: 8") && r.head().contains("X-method: POST"), r.head());
        assertEquals("a,b\n1,2\n", r.body());
        assertEquals(404, HttpProbe.get(plainAddress, "/nowhere").status());
    }

    @Test
    @Order(1)
    void changingTheHeadAfterTheBodyIsRefused() throws Exception {
        HttpProbe.Reply r = HttpProbe.get(plainAddress, "/late");
        assertEquals(200, r.status(), r.head());
        assertFalse(r.head().contains("X-Late") || r.head().contains("X-late"), r.head());
        assertEquals("body written\nheader refused: response headers already sent (sendResponseHeaders was called): too late"
                + " to change them\nsecond head refused: headers already sent\n", r.body());
    }

    @Test
    @Order(9)
    void termStopsBothGracefully() throws Exception {
        jersey.signal("TERM");
        plain.signal("TERM");
        assertEquals(0, jersey.awaitExit(Duration.ofSeconds(60)), jersey.err());
        assertEquals(0, plain.awaitExit(Duration.ofSeconds(60)), plain.err());
        assertFalse(jersey.err().contains("[ERROR]") || plain.err().contains("[ERROR]"),
                "no error on the way:\n" + jersey.err() + plain.err());
    }
}
