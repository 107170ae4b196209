package dev.jgu.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One arbiter with two sync workers on a TCP and a UNIX listener, shared by these checks. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArbiterIT {

    @TempDir
    static Path dir;
    static JguProcess jgu;
    static String tcp;
    static String unix;

    @BeforeAll
    static void start() throws IOException {
        Path sock = dir.resolve("jgu.sock");
        jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "-b", "unix:" + sock, "dev.jgu.testapps.Probe"));
        List<String> listeners = jgu.listeners(2);
        tcp = listeners.get(0);
        unix = listeners.get(1);
        jgu.awaitWorkers(2);
    }

    @AfterAll
    static void stop() {
        if (jgu != null) {
            jgu.close();
        }
    }

    @Test
    @Order(1)
    void bothWorkersServeOnTcpAndUnix() throws Exception {
        Set<Long> workers = jgu.workerPids();
        for (String address : List.of(tcp, unix)) {
            // Two slow requests at once: a sync worker serves one at a time, so both workers must answer.
            Set<Long> served = new HashSet<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<HttpProbe.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    replies.add(pool.submit(() -> HttpProbe.get(address, "/sleep?ms=700")));
                }
                for (Future<HttpProbe.Reply> reply : replies) {
                    HttpProbe.Reply r = reply.get(jgu.bounds.request().toMillis(), TimeUnit.MILLISECONDS);
                    assertEquals(200, r.status(), r.head());
                    served.add(r.pid());
                }
            }
            assertEquals(workers, served, "both workers should serve on " + address);
        }
    }

    @Test
    @Order(2)
    void workerSharesOnlyItsListenersAndArbiterPipeWithTheArbiter() throws IOException {
        // Each JVM opens files and a socket of its own (the JDK's pre-close socketpair); what must not
        // happen is a worker holding the arbiter's open sockets, pipes or arbiter-only jars (a plain spawn leaks ~25).
        Set<String> arbiterObjects = new HashSet<>(openFds(jgu.pid()).values());
        for (long worker : jgu.workerPids()) {
            Map<Integer, String> fds = openFds(worker);
            Map<Integer, String> shared = new TreeMap<>();
            fds.forEach((fd, target) -> {
                if (fd > 2 && (target.startsWith("socket:") || target.startsWith("pipe:")) && arbiterObjects.contains(target)) {
                    shared.put(fd, target);
                }
                assertTrue(!target.contains("/lib/arbiter/"), "worker " + worker + " holds arbiter-only file fd " + fd + " -> " + target);
            });
            assertEquals(Set.of(3, 4, 5), shared.keySet(), "worker " + worker + " shares with the arbiter: " + shared + " of " + fds);
            assertTrue(shared.get(3).startsWith("socket:") && shared.get(4).startsWith("socket:"), fds.toString());
            assertTrue(shared.get(5).startsWith("pipe:"), fds.toString());
            for (int fd = 0; fd <= 2; fd++) {
                assertTrue(fds.containsKey(fd), "worker " + worker + " lacks stdio fd " + fd);
            }
        }
    }

    private static Map<Integer, String> openFds(long pid) throws IOException {
        Map<Integer, String> fds = new TreeMap<>();
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : entries.toList()) {
                try {
                    fds.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed while we listed: not a long-lived fd
                }
            }
        }
        return fds;
    }

    @Test
    @Order(3)
    void killedWorkerIsReplacedAndServes() throws Exception {
        Set<Long> before = jgu.workerPids();
        long victim = before.iterator().next();
        JguProcess.signal(victim, "KILL");
        JguProcess.await(() -> {
            Set<Long> now = jgu.workerPids();
            return now.size() == 2 && !now.contains(victim);
        }, jgu.bounds.react(), () -> "a replacement for worker " + victim);
        Set<Long> after = jgu.workerPids();
        Set<Long> fresh = new HashSet<>(after);
        fresh.removeAll(before);
        assertEquals(1, fresh.size(), "exactly one new worker: " + before + " -> " + after);
        long replacement = fresh.iterator().next();
        assertTrue(jgu.awaitWorkers(2).contains(replacement), "the replacement " + replacement + " is ready");
        // The replacement serves: keep two requests in flight until it answers one.
        long deadline = System.nanoTime() + jgu.bounds.request().toNanos();
        boolean served = false;
        while (!served && System.nanoTime() < deadline) {
            CompletableFuture<HttpProbe.Reply> a = HttpProbe.getAsync(tcp, "/sleep?ms=300");
            CompletableFuture<HttpProbe.Reply> b = HttpProbe.getAsync(tcp, "/sleep?ms=300");
            long millis = jgu.bounds.request().toMillis();
            served = a.get(millis, TimeUnit.MILLISECONDS).pid() == replacement || b.get(millis, TimeUnit.MILLISECONDS).pid() == replacement;
        }
        assertTrue(served, "replacement worker " + replacement + " never served");
        assertNotEquals(victim, replacement);
    }
}
