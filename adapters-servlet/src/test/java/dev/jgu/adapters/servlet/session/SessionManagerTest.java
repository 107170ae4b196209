package dev.jgu.adapters.servlet.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionManagerTest {

    @TempDir
    Path temp;

    private Workers workers;
    private SessionManager one;
    private SessionManager two;

    @BeforeEach
    void startTwoWorkers() {
        workers = new Workers(temp.resolve("sessions"));
        one = workers.start();
        two = workers.start();
    }

    @AfterEach
    void stopWorkers() {
        workers.close();
    }

    /** Runs one request that creates a session with one attribute; returns the session id. */
    private String login(SessionManager worker, String user) {
        Workers.Cookies cookies = new Workers.Cookies();
        RequestSessions request = worker.forRequest(null, false, cookies);
        HttpSession session = request.get(true);
        session.setAttribute("user", user);
        request.finish();
        assertEquals(session.getId(), cookies.lastId());
        return session.getId();
    }

    private Object attribute(SessionManager worker, String id, String name) {
        RequestSessions request = worker.forRequest(id, false, new Workers.Cookies());
        HttpSession session = request.get(false);
        Object value = session == null ? null : session.getAttribute(name);
        request.finish();
        return value;
    }

    @Test
    void sessionCreatedOnOneWorkerIsSeenOnTheOther() {
        String id = login(one, "alice");

        Workers.Cookies cookies = new Workers.Cookies();
        RequestSessions request = two.forRequest(id, false, cookies);
        HttpSession session = request.get(false);

        assertNotNull(session);
        assertEquals(id, session.getId());
        assertFalse(session.isNew());
        assertTrue(request.requestedIdValid());
        assertEquals("alice", session.getAttribute("user"));
        assertEquals(List.of(), cookies.headers, "a known session needs no new cookie");
    }

    @Test
    void newSessionSendsItsCookieAndIsNew() {
        Workers.Cookies cookies = new Workers.Cookies();
        RequestSessions request = one.forRequest(null, true, cookies);
        assertNull(request.get(false));
        HttpSession session = request.get(true);

        assertTrue(session.isNew());
        assertSame(session, request.get(true));
        assertEquals(List.of("JSESSIONID=" + session.getId() + "; Path=/shop; Secure; HttpOnly; SameSite=Lax"),
                cookies.headers);
        assertEquals(1800, session.getMaxInactiveInterval());
        assertEquals(workers.clock.millis(), session.getCreationTime());
        assertFalse(request.requestedIdValid());
        assertNull(request.requestedId());
    }

    @Test
    void workerRestartedOnTheSameDirectoryKeepsSessions() {
        String id = login(one, "alice");
        one.close();

        assertEquals("alice", attribute(workers.start(), id, "user"));
    }

    @Test
    void concurrentRequestsOnTwoWorkersLoseNoAttribute() throws Exception {
        String id = login(one, "alice");
        int threads = 4;
        int requests = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SessionManager worker = t % 2 == 0 ? one : two;
                String prefix = "t" + t + "-";
                done.add(pool.submit(() -> {
                    for (int i = 0; i < requests; i++) {
                        RequestSessions request = worker.forRequest(id, false, new Workers.Cookies());
                        HttpSession session = request.get(false);
                        session.getAttribute("user");
                        session.setAttribute(prefix + i, i);
                        request.finish();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        RequestSessions request = two.forRequest(id, false, new Workers.Cookies());
        List<String> names = Collections.list(request.get(false).getAttributeNames());
        assertEquals(threads * requests + 1, names.size(), names.toString());
    }

    @Test
    void attributeIsOneInstancePerRequestAndSavedWhenChangedInPlace() {
        String id = login(one, "alice");
        RequestSessions first = one.forRequest(id, false, new Workers.Cookies());
        HttpSession session = first.get(false);
        session.setAttribute("cart", new ArrayList<>(List.of("apple")));
        first.finish();

        RequestSessions second = two.forRequest(id, false, new Workers.Cookies());
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) second.get(false).getAttribute("cart");
        assertSame(cart, second.get(false).getAttribute("cart"));
        cart.add("pear");
        second.finish();

        assertEquals(List.of("apple", "pear"), attribute(one, id, "cart"));
    }

    @Test
    void requestThatOnlyReadsDoesNotOverwriteAConcurrentWrite() {
        String id = login(one, "alice");
        RequestSessions reader = one.forRequest(id, false, new Workers.Cookies());
        assertEquals("alice", reader.get(false).getAttribute("user"));

        RequestSessions writer = two.forRequest(id, false, new Workers.Cookies());
        writer.get(false).setAttribute("user", "bob");
        writer.finish();
        reader.finish();

        assertEquals("bob", attribute(one, id, "user"));
    }

    @Test
    void lastAccessedTimeIsThePreviousRequestsStart() {
        long created = workers.clock.millis();
        String id = login(one, "alice");
        workers.clock.advance(Duration.ofSeconds(10));
        RequestSessions quiet = two.forRequest(id, false, new Workers.Cookies());
        assertEquals(created, quiet.get(false).getLastAccessedTime());
        quiet.finish();
        workers.clock.advance(Duration.ofSeconds(10));

        RequestSessions next = one.forRequest(id, false, new Workers.Cookies());

        assertEquals(created + 10_000, next.get(false).getLastAccessedTime());
        assertEquals(created, next.get(false).getCreationTime());
    }

    @Test
    void sessionExpiresUnlessUsedWithinItsInterval() {
        String id = login(one, "alice");
        RequestSessions shorten = one.forRequest(id, false, new Workers.Cookies());
        shorten.get(false).setMaxInactiveInterval(60);
        shorten.finish();
        workers.clock.advance(Duration.ofSeconds(50));
        RequestSessions touch = two.forRequest(id, false, new Workers.Cookies());
        assertEquals(60, touch.get(false).getMaxInactiveInterval());
        touch.finish();
        workers.clock.advance(Duration.ofSeconds(50));
        assertEquals("alice", attribute(one, id, "user"));
        workers.clock.advance(Duration.ofSeconds(60));

        Workers.Cookies cookies = new Workers.Cookies();
        RequestSessions late = two.forRequest(id, false, cookies);

        assertNull(late.get(false));
        assertFalse(late.requestedIdValid());
        assertEquals(id, late.requestedId());
        String fresh = late.get(true).getId();
        assertNotEquals(id, fresh, "never adopts the client's id");
        assertEquals(fresh, cookies.lastId());
    }

    @Test
    void sweepDeletesExpiredSessionsOnceAcrossWorkers() throws Exception {
        String idle = login(one, "alice");
        workers.clock.advance(Duration.ofMinutes(20));
        String busy = login(two, "bob");
        workers.clock.advance(Duration.ofMinutes(11));

        assertEquals(1, two.expireNow());
        assertEquals(0, one.expireNow());

        assertNull(attribute(one, idle, "user"));
        assertEquals("bob", attribute(one, busy, "user"));
    }

    @Test
    void invalidSessionIdsFromTheClientAreNoSession() {
        String id = login(one, "alice");
        for (String bad : List.of("../x", id + "A", id.substring(1), "../" + id.substring(3), id.substring(1) + "/",
                "")) {
            RequestSessions request = two.forRequest(bad, false, new Workers.Cookies());
            assertNull(request.get(false), bad);
            assertFalse(request.requestedIdValid(), bad);
            assertEquals(bad, request.requestedId());
        }
    }

    @Test
    void corruptSessionFileIsNoSessionAndOneLogLine() throws Exception {
        String id = login(one, "alice");
        Files.write(workers.directory.resolve(id + ".session"), new byte[] {1, 2, 3});

        RequestSessions request = two.forRequest(id, false, new Workers.Cookies());

        assertNull(request.get(false));
        assertEquals(1, workers.log.problems().size(), workers.log.problems().toString());
        assertTrue(workers.log.problems().get(0).contains(id + ".session"));
        assertNotNull(request.get(true));
    }

    @Test
    void changeIdKeepsAttributesRetiresTheOldIdAndSendsTheNewCookie() {
        String oldId = login(one, "alice");
        Workers.Cookies cookies = new Workers.Cookies();
        RequestSessions request = two.forRequest(oldId, false, cookies);
        HttpSession session = request.get(false);
        session.setAttribute("role", "admin");

        String newId = request.changeId();
        session.setAttribute("after", "change");
        request.finish();

        assertNotEquals(oldId, newId);
        assertEquals(newId, session.getId());
        assertEquals(newId, cookies.lastId());
        assertFalse(request.requestedIdValid());
        assertNull(attribute(one, oldId, "user"));
        assertEquals("alice", attribute(one, newId, "user"));
        assertEquals("admin", attribute(one, newId, "role"));
        assertEquals("change", attribute(one, newId, "after"));
    }

    @Test
    void changeIdWithoutASessionIsIllegal() {
        RequestSessions request = one.forRequest(null, false, new Workers.Cookies());
        assertThrows(IllegalStateException.class, request::changeId);
    }

    @Test
    void invalidateDeletesTheSessionForEveryWorkerAndExpiresTheCookie() {
        String id = login(one, "alice");
        Workers.Cookies cookies = new Workers.Cookies();
        RequestSessions request = two.forRequest(id, false, cookies);
        HttpSession session = request.get(false);

        session.invalidate();

        assertEquals(List.of("JSESSIONID=; Path=/shop; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT;"
                + " HttpOnly; SameSite=Lax"), cookies.headers);
        assertNull(attribute(one, id, "user"));
        assertThrows(IllegalStateException.class, () -> session.getAttribute("user"));
        assertThrows(IllegalStateException.class, () -> session.setAttribute("user", "bob"));
        assertThrows(IllegalStateException.class, () -> session.removeAttribute("user"));
        assertThrows(IllegalStateException.class, session::getAttributeNames);
        assertThrows(IllegalStateException.class, session::getCreationTime);
        assertThrows(IllegalStateException.class, session::getLastAccessedTime);
        assertThrows(IllegalStateException.class, session::isNew);
        assertThrows(IllegalStateException.class, session::invalidate);
        assertEquals(id, session.getId());
        assertNull(request.get(false));
        assertFalse(request.requestedIdValid());
        HttpSession fresh = request.get(true);
        assertNotEquals(id, fresh.getId());
        request.finish();
        assertNull(attribute(one, id, "user"));
    }

    @Test
    void invalidateAfterCommitStillDeletesTheSession() {
        String id = login(one, "alice");
        Workers.Cookies cookies = new Workers.Cookies();
        RequestSessions request = two.forRequest(id, false, cookies);
        HttpSession session = request.get(false);
        cookies.commit();

        session.invalidate();

        assertNull(attribute(one, id, "user"));
        assertThrows(IllegalStateException.class, () -> request.get(true), "cannot create once committed");
    }

    @Test
    void creatingAfterCommitStoresNothing() throws Exception {
        Workers.Cookies cookies = new Workers.Cookies();
        cookies.commit();
        RequestSessions request = one.forRequest(null, false, cookies);

        assertThrows(IllegalStateException.class, () -> request.get(true));

        try (Stream<Path> files = Files.list(workers.directory)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".session")).toList());
        }
    }

    @Test
    void nonSerializableAttributeIsRefusedByNameAndClass() {
        RequestSessions request = one.forRequest(null, false, new Workers.Cookies());
        HttpSession session = request.get(true);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> session.setAttribute("socket", new Object()));

        assertTrue(refused.getMessage().contains("socket"), refused.getMessage());
        assertTrue(refused.getMessage().contains("java.lang.Object"), refused.getMessage());
        assertNull(session.getAttribute("socket"));
    }

    @Test
    void nullValueRemovesAndRemovalIsSaved() {
        String id = login(one, "alice");
        RequestSessions request = two.forRequest(id, false, new Workers.Cookies());
        request.get(false).setAttribute("user", null);
        request.finish();

        assertNull(attribute(one, id, "user"));
    }

    @Test
    void closeStopsTheDaemonSweepThread() throws Exception {
        SessionManager worker = workers.start(SessionConfig.defaults(), getClass().getClassLoader());
        Thread sweep = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("jgu-session-expiry /shop") && t.isAlive())
                .findFirst().orElseThrow();
        assertTrue(sweep.isDaemon());

        worker.close();
        one.close();
        two.close();
        sweep.join(5000);

        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("jgu-session-expiry /shop") && t.isAlive()));
    }

    @Test
    void accessorChangesTheSessionOutsideARequest() {
        String id = login(one, "alice");
        RequestSessions request = one.forRequest(id, false, new Workers.Cookies());
        HttpSession.Accessor accessor = request.get(false).getAccessor();
        request.finish();

        accessor.access(session -> session.setAttribute("socket-user", "alice"));

        assertEquals("alice", attribute(two, id, "socket-user"));
        RequestSessions ending = two.forRequest(id, false, new Workers.Cookies());
        ending.get(false).invalidate();
        assertThrows(IllegalStateException.class, () -> accessor.access(session -> { }));
    }
}
