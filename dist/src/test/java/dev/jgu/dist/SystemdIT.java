package dev.jgu.dist;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Socket activation with systemd's own tool, and sd_notify readiness on a test NOTIFY_SOCKET. */
class SystemdIT {

    private static final Path ACTIVATE = Path.of("/usr/bin/systemd-socket-activate");

    @TempDir
    Path dir;

    @Test
    void socketActivationServesAndNotifiesReady() throws Exception {
        if (!Files.isExecutable(ACTIVATE)) {
            System.err.println("!!! SystemdIT SKIPPED: " + ACTIVATE + " missing (scripts/install-test-deps installs Debian's systemd package)");
        }
        assumeTrue(Files.isExecutable(ACTIVATE), "systemd-socket-activate is not installed");
        Path notify = dir.resolve("notify.sock");
        Path sock = dir.resolve("activated.sock");
        try (UnixDatagramChannel receiver = UnixDatagramChannel.open()) {
            receiver.bind(new UnixSocketAddress(notify.toString()));
            receiver.configureBlocking(false);
            List<String> cmd = List.of(ACTIVATE.toString(), "-l", sock.toString(), "-E", "PATH", "-E", "NOTIFY_SOCKET=" + notify,
                    JguProcess.home().resolve("bin/jgu").toString(), "-w", "2", "dev.jgu.examples.Probe");
            try (JguProcess jgu = JguProcess.startCommand(dir, cmd, Map.of())) {
                // systemd-socket-activate listens first and execs jgu when the first client connects;
                // that client waits in the backlog until a worker accepts it.
                JguProcess.await(() -> Files.exists(sock), Duration.ofSeconds(30), () -> "the activation socket " + sock);
                java.util.concurrent.CompletableFuture<HttpProbe.Reply> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return HttpProbe.get("unix:" + sock, "/");
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                String ready = receive(receiver, "READY=1", Duration.ofSeconds(60));
                assertTrue(ready.contains("MAINPID=" + jgu.pid()), "systemd-socket-activate execs jgu, so the arbiter keeps its pid: " + ready);
                assertTrue(jgu.err().contains("socket activation: 1 listening sockets from systemd"), jgu.err());
                assertEquals(2, jgu.workerPids().size());
                assertEquals(200, first.get(60, java.util.concurrent.TimeUnit.SECONDS).status(), "the connection that triggered activation is served");
                HttpProbe.Reply reply = HttpProbe.get("unix:" + sock, "/");
                assertEquals(200, reply.status());
                assertTrue(jgu.workerPids().contains(reply.pid()));
                jgu.signal("HUP");
                receive(receiver, "RELOADING=1", Duration.ofSeconds(30));
                receive(receiver, "READY=1", Duration.ofSeconds(60));
                jgu.signal("TERM");
                receive(receiver, "STOPPING=1", Duration.ofSeconds(30));
                assertEquals(0, jgu.awaitExit(Duration.ofSeconds(60)), jgu.err());
                assertTrue(Files.exists(sock), "systemd's socket file is systemd's to remove");
            }
        }
    }

    /** jnr's non-blocking receive throws EAGAIN instead of returning null. */
    private static boolean poll(UnixDatagramChannel channel, ByteBuffer buf) throws java.io.IOException {
        try {
            return channel.receive(buf) != null || buf.position() > 0;
        } catch (java.io.IOException e) {
            if (String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                return false;
            }
            throw e;
        }
    }

    private static String receive(UnixDatagramChannel channel, String wanted, Duration timeout) throws Exception {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (System.nanoTime() < deadline) {
            buf.clear();
            if (poll(channel, buf)) {
                String message = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                seen.add(message);
                if (message.contains(wanted)) {
                    return message;
                }
            } else {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no " + wanted + " on NOTIFY_SOCKET within " + timeout + "; got " + seen);
    }
}
