package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.jgu.dist.ServletApps.answeredBy;
import static dev.jgu.dist.ServletApps.header;
import static dev.jgu.dist.ServletApps.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot 3 app deployed the traditional way, as a WAR ({@code SpringBootServletInitializer},
 * embedded Tomcat in {@code WEB-INF/lib-provided/}, which jgu leaves off the app's class path), in
 * two workers of one class: a controller, Boot's {@code /error} through its ErrorPageFilter, an
 * HttpSession that both workers share through jgu's session files, and a graceful TERM that closes
 * the Spring context in every worker. One arbiter serves every check of a class.
 */
abstract class ServletSpringBootChecks extends ServletAppChecks {

    /** Requests a session check may send before both workers have answered one. */
    private static final int MAX_SESSION_REQUESTS = 400;




    @Override
    List<String> app() {
        return List.of(ServletApps.springBootWar().toString());
    }

    @Override
    List<String> moreOptions() {
        return List.of("-e", "JGU_TEST_SHUTDOWN_FILE=" + shutdownFile());
    }

    private Path shutdownFile() {
        return dir.resolve("shutdown.txt");
    }


    @Test
    @Order(1)
    void aControllerAnswersAndNoEmbeddedServerStarted() throws Exception {
        HttpProbe.Reply r = HttpProbe.get(address, "/hello");
        assertEquals(200, r.status(), r.head() + r.body());
        assertTrue(header(r.head(), "Content-Type").startsWith("application/json"), r.head());
        assertTrue(r.body().contains("\"message\":\"hello from boot\""), r.body());
        answeredBy(r.body(), "worker", workers);
        String log = jgu.err() + jgu.out();
        assertFalse(log.contains("Tomcat initialized") || log.contains("Tomcat started"),
                "Boot found a ServletContext and started no Tomcat of WEB-INF/lib-provided:\n" + log);
    }

    @Test
    @Order(1)
    void bootsErrorPageAnswersAnUnknownPathInJson() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(address, ServletApps.get("/nope", "Accept: application/json"));
        assertEquals(404, r.status(), r.head() + r.body());
        assertTrue(header(r.head(), "Content-Type").startsWith("application/json"), r.head());
        assertTrue(r.body().contains("\"status\":404") && r.body().contains("\"path\":\"/nope\""), r.body());
    }

    @Test
    @Order(1)
    void oneSessionCountsOnAcrossBothWorkers() throws Exception {
        Set<Long> answered = new TreeSet<>();
        HttpProbe.Reply first = HttpProbe.get(address, "/session/count");
        assertEquals(200, first.status(), first.head() + first.body());
        assertEquals(1, number(first.body(), "count"), first.body());
        answered.add(answeredBy(first.body(), "pid", workers));
        String cookie = sessionCookie(first.head());

        long deadline = System.nanoTime() + jgu.bounds.request().toNanos();
        List<String> trail = new ArrayList<>();
        for (int expected = 2; answered.size() < 2; expected++) {
            assertTrue(expected <= MAX_SESSION_REQUESTS && System.nanoTime() < deadline, "both workers "
                    + workers + " answered within " + MAX_SESSION_REQUESTS + " requests and " + jgu.bounds.request()
                    + "; only " + answered + " did");
            HttpProbe.Reply r = HttpProbe.send(address, ServletApps.get("/session/count", "Cookie: " + cookie));
            assertEquals(200, r.status(), r.head() + r.body());
            long pid = answeredBy(r.body(), "pid", workers);
            trail.add(pid + ":" + number(r.body(), "count"));
            assertEquals(expected, number(r.body(), "count"), "the session counted on from the other worker's save;"
                    + " pid:count so far " + trail + "\n" + r.head());
            answered.add(pid);
        }
    }

    @Test
    @Order(5)
    void aSessionOutlivesAHupAndTheRetiredWorkersCloseTheirContexts() throws Exception {
        HttpProbe.Reply first = HttpProbe.get(address, "/session/count");
        String cookie = sessionCookie(first.head());
        assertEquals(1, number(first.body(), "count"), first.body());
        jgu.signal("HUP");
        jgu.awaitLog("reload complete", 1, jgu.bounds.reload());
        Set<Long> next = ServletApps.awaitWorkers(jgu, 2);
        assertTrue(next.stream().noneMatch(workers::contains), "a new generation: " + workers + " -> " + next);
        HttpProbe.Reply after = HttpProbe.send(address, ServletApps.get("/session/count", "Cookie: " + cookie));
        assertEquals(200, after.status(), after.head() + after.body());
        assertEquals(2, number(after.body(), "count"), "the session lived on in session_dir: " + after.body());
        answeredBy(after.body(), "pid", next);
        jgu.awaitLog("worker exiting", 2, jgu.bounds.stop());
        assertEquals("spring context closed\n".repeat(2), Files.readString(shutdownFile()),
                "each retired worker of " + workers + " closed its context:\n" + jgu.err());
        workers = next;
    }

    @Test
    @Order(9)
    void termClosesTheSpringContextInEveryWorker() throws Exception {
        jgu.signal("TERM");
        assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        assertTrue(Files.exists(shutdownFile()), "no worker closed its Spring context:\n" + jgu.err());
        assertEquals("spring context closed\n".repeat(4), Files.readString(shutdownFile()),
                "one line per worker of both generations (the second " + workers + "):\n" + jgu.err());
        ServletApps.assertNoErrors(jgu);
    }

    /** {@code JSESSIONID=VALUE} of the head's {@code Set-Cookie}, as a client sends it back. */
    static String sessionCookie(String head) {
        String setCookie = header(head, "Set-Cookie");
        assertNotNull(setCookie, "a session cookie: " + head);
        assertTrue(setCookie.startsWith("JSESSIONID="), head);
        return setCookie.split(";", 2)[0];
    }
}
