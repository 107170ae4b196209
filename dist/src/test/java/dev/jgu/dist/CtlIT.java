package dev.jgu.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code jgu ctl} against real arbiters: one shared by the verbs that leave it running, with
 * its socket at {@code --control-socket}; then one found by itself in the default directory,
 * re-executed and shut down through the socket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CtlIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A client JVM's start and one exchange; slower on a loaded machine, but no setting bounds it. */
    private static final Duration CLIENT = Bounds.SLACK.multipliedBy(6);

    @TempDir
    static Path dir;
    /** Where 'nobody' can reach the shared arbiter's socket file (JUnit's temp dir is 0700). */
    static Path open;
    static Path socket;
    static JguProcess jgu;

    record Run(int exit, String output) {
    }

    @BeforeAll
    static void start() throws Exception {
        open = Files.createTempDirectory("jgu-ctl-");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = open.resolve("jgu.ctl");
        jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--error-logfile", "error.log",
                "--control-socket", socket.toString(),
                "dev.jgu.testapps.Probe"));
        jgu.listeners(1);
        jgu.awaitWorkers(2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jgu != null) {
            jgu.close();
        }
        if (open != null) {
            RealProgram.ok(dir, Duration.ofSeconds(60), "rm", "-rf", "--", open.toString());
        }
    }

    static Run ctl(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JguProcess.home().resolve("bin/jgu").toString(), "ctl"));
        cmd.addAll(List.of(args));
        RealProgram.Result r = RealProgram.run(dir, CLIENT, env, cmd.toArray(String[]::new));
        return new Run(r.exit(), r.output());
    }

    /** {@code jgu ctl -s SOCKET args}, which must succeed. */
    static String ok(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-s", socket.toString()));
        all.addAll(List.of(args));
        Run run = ctl(Map.of(), all.toArray(String[]::new));
        assertEquals(0, run.exit(), "jgu ctl " + all + ":\n" + run.output());
        return run.output();
    }

    static Run refused(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-s", socket.toString()));
        all.addAll(List.of(args));
        return ctl(Map.of(), all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void statusShowsTheArbiterAndEachWorkerAsATableAndAsJson() throws Exception {
        Set<Long> workers = jgu.workerPids();
        String table = ok("status");
        assertTrue(table.startsWith("arbiter pid=" + jgu.pid() + " generation=1 target=2 workers=2\n"), table);
        assertTrue(table.contains("WORKER  PID"), table);
        for (long pid : workers) {
            assertTrue(Pattern.compile("(?m)^\\d+\\s+" + pid + "\\s+1\\s+ready\\s+\\d+\\s+\\d+\\s+\\d+\\s+[\\d.]+ MiB\\s+\\d+s$")
                    .matcher(table).find(), "a row for worker " + pid + ":\n" + table);
        }
        HttpProbe.get(jgu.listeners(1).get(0), "/");
        JsonNode status = JSON.readTree(ok("status", "--json"));
        assertEquals(jgu.pid(), status.get("arbiter").asLong());
        assertEquals(2, status.get("target").asInt());
        Set<Long> listed = new TreeSet<>();
        long requests = 0;
        for (JsonNode w : status.get("workers")) {
            listed.add(w.get("pid").asLong());
            requests += w.get("requests").asLong();
            assertTrue(w.get("rss_kib").asLong() > 1024, w.toString());
        }
        assertEquals(workers, listed);
        assertTrue(requests >= 1, "the request just served is counted: " + status);
        String list = ok("workers");
        workers.forEach(pid -> assertTrue(list.contains(" " + pid + " "), list));
        assertEquals(2, JSON.readTree(ok("workers", "--json")).get("workers").size());
    }

    @Test
    @Order(2)
    void scaleUpAndDownSpawnsAndRetiresTheOldest() throws Exception {
        Set<Long> before = jgu.workerPids();
        assertEquals("workers: target 2 -> 3\n", ok("scale", "3"));
        Set<Long> three = jgu.awaitWorkers(3);
        assertTrue(three.containsAll(before), three + " keeps " + before);
        assertEquals("workers: target 3 -> 2\n", ok("scale", "2"));
        Set<Long> two = jgu.awaitWorkers(2);
        Set<Long> spawned = new HashSet<>(three);
        spawned.removeAll(before);
        assertTrue(two.containsAll(spawned), "the oldest went first: kept " + two + ", the new one is " + spawned);
    }

    @Test
    @Order(3)
    void reloadReplacesEveryWorker() throws Exception {
        Set<Long> before = jgu.workerPids();
        String reply = ok("reload");
        assertTrue(reply.startsWith("reloading: generation=2 workers=2"), reply);
        JguProcess.await(() -> {
            Set<Long> now = JguProcess.children(jgu.pid());
            return now.size() == 2 && now.stream().noneMatch(before::contains) && JguProcess.readyPids(jgu.log()).containsAll(now);
        }, jgu.bounds.reload().plus(jgu.bounds.boot()), () -> "two new workers replacing " + before + ":\n" + jgu.log());
        assertTrue(ok("status").contains("generation=2"));
    }

    @Test
    @Order(5)
    void configShowsTheRunningValuesAndTheirSources() throws Exception {
        String text = ok("config");
        assertTrue(Pattern.compile("(?m)^workers = 2\\s+# cli$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^timeout = 30\\s+# default$").matcher(text).find(), text);
        for (JsonNode s : JSON.readTree(ok("config", "--json")).get("settings")) {
            if (s.get("name").asText().equals("control_socket")) {
                assertEquals(socket.toString(), s.get("value").asText());
                assertEquals("cli", s.get("source").asText());
                return;
            }
        }
        throw new AssertionError("no control_socket in config --json");
    }

    @Test
    @Order(6)
    void unknownVerbsAndBadArgumentsFailClearly() throws Exception {
        Run unknown = refused("restart");
        assertEquals(2, unknown.exit(), unknown.output());
        assertTrue(unknown.output().contains("unknown verb 'restart'"), unknown.output());
        Run zero = refused("scale", "0");
        assertEquals(2, zero.exit(), zero.output());
        assertTrue(zero.output().contains("expected at least 1 worker, got 0"), zero.output());
        Run word = refused("scale", "many");
        assertEquals(2, word.exit());
        Run tooMany = refused("scale", "5000");
        assertEquals(1, tooMany.exit(), "the arbiter's own bound: " + tooMany.output());
        assertTrue(tooMany.output().contains("expected 1 to 1024 workers"), tooMany.output());
        Run missing = ctl(Map.of(), "-s", dir.resolve("nothing.ctl").toString(), "status");
        assertEquals(1, missing.exit());
        assertTrue(missing.output().contains("no control socket at " + dir.resolve("nothing.ctl")), missing.output());
        assertEquals(2, jgu.workerPids().size(), "nothing changed");
    }

    @Test
    @Order(7)
    void theLoopKeepsTurningWhileAClientHoldsTheSocketSilently() throws Exception {
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            jgu.signal("TTIN");
            jgu.awaitWorkers(3);
            assertTrue(ok("status").contains("target=3"), "another client is served meanwhile");
            assertEquals("workers: target 3 -> 2\n", ok("scale", "2"));
            jgu.awaitWorkers(2);
            ByteBuffer dropped = ByteBuffer.allocate(4096);
            long deadline = System.nanoTime() + jgu.bounds.react().toNanos();
            while (silent.read(dropped) >= 0 && System.nanoTime() < deadline) {
                // the arbiter answers a silent client after 5 s and closes: read until then
            }
            String said = new String(dropped.array(), 0, dropped.position(), StandardCharsets.UTF_8);
            assertTrue(said.contains("no request within 5000ms"), said);
        }
    }

    @Test
    @Order(8)
    void reopenReopensTheLogsAsUsr1Does() throws Exception {
        Path rotated = dir.resolve("error.log.1");
        Files.move(jgu.errorLog, rotated);
        assertEquals("reopened the log files: arbiter, and USR1 sent to 2 worker(s)\n", ok("reopen"));
        JguProcess.await(() -> Files.exists(jgu.errorLog), jgu.bounds.react(), () -> "a new " + jgu.errorLog);
        // a line no earlier check made the arbiter write
        ok("scale", "4");
        jgu.awaitLog("workers: target 2 -> 4", 1, jgu.bounds.react());
        assertTrue(jgu.log().contains("reopened log file"), jgu.log());
        assertFalse(Files.readString(rotated).contains("workers: target 2 -> 4"), "the rotated file gets no new lines");
        ok("scale", "2");
        JguProcess.await(() -> JguProcess.children(jgu.pid()).size() == 2, jgu.bounds.boot().plus(jgu.bounds.retire()),
                () -> "back to 2 workers");
    }

    @Test
    @Order(9)
    void anotherUidIsRefusedByTheModeAndBySoPeercred() throws Exception {
        boolean root = "0".equals(RealProgram.ok(dir, Duration.ofSeconds(60), "id", "-u").trim());
        if (!root) {
            System.err.println("!!! CtlIT.anotherUidIsRefusedByTheModeAndBySoPeercred SKIPPED: switching to nobody needs root");
        }
        assumeTrue(root, "needs root");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        // nobody runs a copy of the install readable by all: the build's may lie under a 0700 dir (a mktemp checkout)
        Path shared = Files.createTempDirectory("jgu-ctl-");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path install = shared.resolve("jgu");
            RealProgram.ok(dir, CLIENT, "cp", "-R", JguProcess.home().toString(), install.toString());
            RealProgram.ok(dir, CLIENT, "chmod", "-R", "a+rX", install.toString());
            refusedToNobody(install.resolve("bin/jgu"));
        } finally {
            RealProgram.ok(dir, CLIENT, "rm", "-rf", "--", shared.toString());
        }
    }

    private void refusedToNobody(Path launcher) throws Exception {
        List<String> asNobody = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                launcher.toString(), "ctl", "-s", socket.toString()));
        asNobody.add("shutdown");
        RealProgram.Result byMode = RealProgram.run(dir, CLIENT, asNobody.toArray(String[]::new));
        assertEquals(1, byMode.exit(), byMode.output());
        assertTrue(byMode.output().contains("permission denied: " + socket), byMode.output());
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            RealProgram.Result byCredentials = RealProgram.run(dir, CLIENT, asNobody.toArray(String[]::new));
            assertEquals(1, byCredentials.exit(), byCredentials.output());
            assertTrue(byCredentials.output().contains("permission denied: uid 65534 may not use this control socket"),
                    byCredentials.output());
            jgu.awaitLog("control socket: refused a connection from uid=65534", 1, jgu.bounds.react());
        } finally {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        }
        assertTrue(JguProcess.running(jgu.pid()), "still serving");
        assertEquals(2, jgu.workerPids().size());
    }

    @Test
    @Order(10)
    void foundByItselfThenReexecutedAndShutDownThroughTheSocket() throws Exception {
        Path runtime = Files.createDirectory(dir.resolve("runtime"));
        // HOME too: jgu ctl also looks in ~/.jgu, where arbiters started by other tools' tests may sit
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.toString(), "HOME", dir.toString());
        Path sockets = runtime.resolve("jgu");
        try (JguProcess old = JguProcess.start(dir, List.of("-w", "1", "-b", "127.0.0.1:0", "dev.jgu.testapps.Probe"), env)) {
            old.listeners(1);
            old.awaitWorkers(1);
            Path oldSocket = sockets.resolve("arbiter-" + old.pid() + ".ctl");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sockets)));
            Run status = ctl(env, "status");
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().startsWith("arbiter pid=" + old.pid() + " "), "found without -s:\n" + status.output());

            Run reexec = ctl(env, "reexec");
            assertEquals(0, reexec.exit(), reexec.output());
            Matcher m = Pattern.compile("re-exec: started new arbiter pid=(\\d+)").matcher(reexec.output());
            assertTrue(m.find(), reexec.output());
            long fresh = Long.parseLong(m.group(1));
            JguProcess.awaitReadyChildren(fresh, 1, old::log, old.bounds.boot());
            old.seenWorkers();
            Path freshSocket = sockets.resolve("arbiter-" + fresh + ".ctl");
            JguProcess.await(() -> Files.exists(freshSocket), old.bounds.react(), () -> freshSocket.toString());
            Run several = ctl(env, "status");
            assertEquals(1, several.exit(), several.output());
            assertTrue(several.output().contains("several jgu arbiters run") && several.output().contains(oldSocket.toString())
                    && several.output().contains(freshSocket.toString()), several.output());

            Run graceful = ctl(env, "-s", oldSocket.toString(), "shutdown");
            assertEquals(0, graceful.exit(), graceful.output());
            assertTrue(graceful.output().startsWith("shutting down: mode=graceful workers=1 arbiter=" + old.pid()), graceful.output());
            assertEquals(0, old.awaitExit(old.bounds.stop()), old.err());
            assertFalse(Files.exists(oldSocket), "removed at exit");
            assertTrue(Files.exists(freshSocket), "the new arbiter's socket is its own and stays");

            Run quick = ctl(env, "shutdown", "quick");
            assertEquals(0, quick.exit(), quick.output());
            assertTrue(quick.output().startsWith("shutting down: mode=quick workers=1 arbiter=" + fresh), quick.output());
            JguProcess.await(() -> !JguProcess.running(fresh), old.bounds.quickStop(), () -> "the new arbiter to stop");
            JguProcess.await(() -> !Files.exists(freshSocket), old.bounds.react(), () -> "its socket removed");
            Run none = ctl(env, "status");
            assertEquals(1, none.exit());
            assertTrue(none.output().contains("no running jgu arbiter found") && none.output().contains(sockets.toString()),
                    none.output());
        }
    }

    @Test
    @Order(11)
    void aReexecutedArbiterBindsPath2AndTakesThePathOverOncePromoted() throws Exception {
        Matcher m = Pattern.compile("re-exec: started new arbiter pid=(\\d+)").matcher(ok("reexec"));
        assertTrue(m.find());
        long fresh = Long.parseLong(m.group(1));
        JguProcess.awaitReadyChildren(fresh, 2, jgu::log, jgu.bounds.boot());
        jgu.seenWorkers();
        Path path2 = Path.of(socket + ".2");
        JguProcess.await(() -> Files.exists(path2), jgu.bounds.react(), path2::toString);
        Run child = ctl(Map.of(), "-s", path2.toString(), "status");
        assertTrue(child.output().startsWith("arbiter pid=" + fresh + " "), child.output());
        Run again = refused("reexec");
        assertEquals(1, again.exit(), again.output());
        assertTrue(again.output().contains("a re-executed arbiter is already running (pid " + fresh + ")"), again.output());

        assertTrue(ok("shutdown").startsWith("shutting down: mode=graceful workers=2 arbiter=" + jgu.pid()));
        assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        JguProcess.await(() -> !Files.exists(path2) && Files.exists(socket), jgu.bounds.react(),
                () -> "the promoted arbiter to rename " + path2 + " to " + socket);
        assertTrue(ok("status").startsWith("arbiter pid=" + fresh + " "), "the path now reaches the new arbiter");
        assertTrue(ok("shutdown", "quick").contains("arbiter=" + fresh));
        JguProcess.await(() -> !JguProcess.running(fresh) && !Files.exists(socket), jgu.bounds.quickStop(),
                () -> "the new arbiter gone and " + socket + " removed");
    }
}
