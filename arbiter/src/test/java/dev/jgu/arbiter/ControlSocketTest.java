package dev.jgu.arbiter;

import dev.jgu.arbiter.ctl.CtlReply;
import dev.jgu.arbiter.ctl.Verb;
import dev.jgu.protocol.ErrorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control socket on a real UNIX socket: what it answers itself, what it queues for the loop, and whom it refuses. */
class ControlSocketTest {

    private static final Duration SILENCE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final Posix posix = new Posix();
    private final BlockingQueue<Request> loop = new LinkedBlockingQueue<>();
    private final List<ControlSocket> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ControlSocket::closeAndUnlink);
    }

    private ErrorLog log() {
        return new ErrorLog(dir.resolve("error.log").toString(), ErrorLog.Level.DEBUG);
    }

    private String logText() throws IOException {
        return Files.readString(dir.resolve("error.log"));
    }

    private ControlSocket open(Path path, int mode, LongPredicate allowed) throws IOException {
        ControlSocket socket = ControlSocket.open(path, mode, allowed, "uid 4242 and root", name -> posix.uid(name), posix, loop, log(),
                SILENCE);
        opened.add(socket);
        return socket;
    }

    private ControlSocket served() throws IOException {
        ControlSocket socket = open(dir.resolve("c.ctl"), 0600, uid -> true);
        socket.publish(new PoolSnapshot(77, 2, 1, true, 3, List.of(
                new PoolSnapshot.Worker(4, ProcessHandle.current().pid(), 0, 2, "ready", 12, 1, 2, 5))), config("-w", "3", "good.App"));
        return socket;
    }

    private dev.jgu.arbiter.config.Config config(String... args) {
        var discard = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        var outcome = dev.jgu.arbiter.config.Cli.parse(args, java.util.Map.of(), dir, discard, discard);
        return ((dev.jgu.arbiter.config.Outcome.Serve) outcome).config();
    }

    private static String exchange(Path path, String line) throws IOException {
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            client.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            return readAll(client);
        }
    }

    private static String readAll(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        while (client.read(buffer) >= 0) {
            if (!buffer.hasRemaining()) {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    @Test
    void bindsAtItsModeAndRemovesItsFileAtClose() throws IOException {
        Path path = dir.resolve("mode.ctl");
        ControlSocket socket = open(path, 0600, uid -> true);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        assertEquals(null, socket.closeAndUnlink());
        assertFalse(Files.exists(path));
        Path wider = dir.resolve("wider.ctl");
        open(wider, 0660, uid -> true);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(wider)));
    }

    @Test
    void leavesAFileThatIsNoLongerItsOwn() throws IOException {
        Path path = dir.resolve("taken.ctl");
        ControlSocket socket = open(path, 0600, uid -> true);
        Files.delete(path);
        Files.writeString(path, "someone else's");
        socket.closeAndUnlink();
        assertTrue(Files.exists(path), "only the socket it bound is removed");
    }

    @Test
    void refusesASymbolicLinkAndALiveSocketButReplacesAStaleOne() throws IOException {
        Path target = dir.resolve("target");
        Files.writeString(target, "x");
        Path link = Files.createSymbolicLink(dir.resolve("link.ctl"), target);
        IOException e = assertThrows(IOException.class, () -> open(link, 0600, uid -> true));
        assertTrue(e.getMessage().contains("control_socket " + link) && e.getMessage().contains("symbolic link"), e.getMessage());
        Path live = dir.resolve("live.ctl");
        open(live, 0600, uid -> true);
        assertTrue(assertThrows(IOException.class, () -> open(live, 0600, uid -> true)).getMessage().contains("already in use"));
        Path stale = dir.resolve("stale.ctl");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(stale));
        }
        assertNotNull(open(stale, 0600, uid -> true));
    }

    @Test
    void answersStatusWorkersAndConfigFromTheSnapshot() throws IOException {
        ControlSocket socket = open(dir.resolve("early.ctl"), 0600, uid -> true);
        assertTrue(exchange(socket.path(), "{\"verb\":\"status\"}\n").contains("still starting"));
        Path path = served().path();
        CtlReply status = CtlReply.fromJson(exchange(path, "{\"verb\":\"status\"}\n"));
        assertTrue(status.ok(), status.toString());
        assertEquals(77, status.data().get("arbiter").asLong());
        assertEquals(3, status.data().get("target").asInt());
        assertTrue(status.data().get("reloading").asBoolean());
        var worker = status.data().get("workers").get(0);
        assertEquals(12, worker.get("requests").asLong());
        assertTrue(worker.get("rss_kib").asLong() > 0, "this JVM's own RSS, read from /proc: " + worker);
        CtlReply workers = CtlReply.fromJson(exchange(path, "{\"verb\":\"workers\"}\n"));
        assertEquals(4, workers.data().get("workers").get(0).get("worker").asInt());
        CtlReply config = CtlReply.fromJson(exchange(path, "{\"verb\":\"config\"}\n"));
        boolean found = false;
        for (var setting : config.data().get("settings")) {
            if (setting.get("name").asText().equals("workers")) {
                assertEquals(3, setting.get("value").asInt());
                assertEquals("cli", setting.get("source").asText());
                found = true;
            }
        }
        assertTrue(found, config.toString());
        assertTrue(loop.isEmpty(), "nothing reached the loop: " + loop);
    }

    @Test
    void actingVerbsGoToTheLoopAndTheLoopsAnswerComesBack() throws Exception {
        Path path = served().path();
        Thread fakeLoop = new Thread(() -> {
            try {
                ControlCall call = (ControlCall) loop.poll(30, TimeUnit.SECONDS);
                call.answer(CtlReply.ok("workers: target 3 -> " + call.request().workers()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        fakeLoop.start();
        String reply = exchange(path, "{\"verb\":\"scale\",\"args\":[\"5\"]}\n");
        fakeLoop.join(30_000);
        assertEquals("{\"ok\":true,\"message\":\"workers: target 3 -> 5\"}\n", reply);
    }

    @Test
    void badRequestsGetAnErrorAndNeverReachTheLoop() throws IOException {
        Path path = served().path();
        assertTrue(exchange(path, "{\"verb\":\"scale\",\"args\":[\"0\"]}\n").contains("\"ok\":false"));
        assertTrue(exchange(path, "{\"verb\":\"restart\"}\n").contains("unknown verb 'restart'"));
        assertTrue(exchange(path, "not json\n").contains("not JSON"));
        String huge = "{\"verb\":\"" + "x".repeat(ControlSocket.MAX_REQUEST + 10);
        assertTrue(exchange(path, huge).contains("over " + ControlSocket.MAX_REQUEST + " bytes"));
        assertTrue(loop.isEmpty(), loop.toString());
    }

    @Test
    void refusesAPeerWhoseUidIsNotAllowedAndLogsIt() throws IOException {
        long me = posix.euid();
        ControlSocket socket = open(dir.resolve("strict.ctl"), 0600, uid -> uid != me);
        socket.publish(new PoolSnapshot(1, 1, 1, false, 1, List.of()), config("good.App"));
        String reply = exchange(socket.path(), "{\"verb\":\"shutdown\"}\n");
        assertTrue(reply.contains("\"ok\":false") && reply.contains("permission denied: uid " + me), reply);
        assertTrue(loop.isEmpty(), "a refused peer's request is not even read");
        assertTrue(logText().contains("control socket: refused a connection from uid=" + me), logText());
    }

    @Test
    void aSilentClientHoldsNothingAndIsDropped() throws IOException {
        Path path = served().path();
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertTrue(exchange(path, "{\"verb\":\"status\"}\n").contains("\"ok\":true"), "others are served meanwhile");
            String dropped = readAll(silent);
            assertTrue(dropped.contains("no request within " + SILENCE.toMillis() + "ms"), dropped);
        }
    }

    @Test
    void callsDuringAGracefulStopAreAnsweredAndQuickSwitchesIt() throws Exception {
        ControlCall quick = new ControlCall(dev.jgu.arbiter.ctl.CtlRequest.of(List.of("shutdown", "quick")));
        assertEquals(Command.QUICK_STOP, quick.duringShutdown(true));
        assertTrue(quick.reply().get().ok());
        ControlCall scale = new ControlCall(dev.jgu.arbiter.ctl.CtlRequest.of(List.of("scale", "2")));
        assertEquals(null, scale.duringShutdown(true));
        assertTrue(scale.reply().get().message().contains("shutting down"), scale.reply().get().message());
        assertInstanceOf(Request.class, Command.RELOAD);
        assertEquals(Verb.SHUTDOWN, quick.request().verb());
    }

    @Test
    void aNinthClientIsToldBusyWhileEightAreConnected() throws Exception {
        ControlSocket socket = ControlSocket.open(dir.resolve("busy.ctl"), 0600, uid -> true, "all", name -> posix.uid(name), posix, loop,
                log(), Duration.ofMinutes(5));
        opened.add(socket);
        socket.publish(new PoolSnapshot(1, 1, 1, false, 1, List.of()), config("good.App"));
        List<SocketChannel> held = new ArrayList<>();
        try {
            for (int i = 0; i < ControlSocket.MAX_CLIENTS; i++) {
                held.add(SocketChannel.open(UnixDomainSocketAddress.of(socket.path())));
            }
            // each is accepted in turn: the ninth is refused only once all eight hold their place
            String ninth = "";
            for (int attempt = 0; attempt < 200 && !ninth.contains("busy"); attempt++) {
                ninth = exchange(socket.path(), "{\"verb\":\"status\"}\n");
            }
            assertTrue(ninth.contains("busy: " + ControlSocket.MAX_CLIENTS + " clients are connected"), ninth);
        } finally {
            for (SocketChannel channel : held) {
                channel.close();
            }
        }
        String after = "";
        for (int attempt = 0; attempt < 200 && !after.contains("\"ok\":true"); attempt++) {
            after = exchange(socket.path(), "{\"verb\":\"status\"}\n");
        }
        assertTrue(after.contains("\"ok\":true"), "served again once they left: " + after);
    }
}
