package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            System.err.println("!!! SystemdIT SKIPPED: " + ACTIVATE + " missing (scripts/install-system-packages installs Debian's systemd package)");
        }
        assumeTrue(Files.isExecutable(ACTIVATE), "systemd-socket-activate is not installed");
        Path notify = dir.resolve("notify.sock");
        Path sock = dir.resolve("activated.sock");
        try (NotifySocket receiver = new NotifySocket(notify)) {
            List<String> cmd = List.of(ACTIVATE.toString(), "-l", sock.toString(), "-E", "PATH", "-E", "NOTIFY_SOCKET=" + notify,
                    JguProcess.home().resolve("bin/jgu").toString(), "--classpath", JguProcess.testApps().toString(),
                    "-w", "2", "dev.jgu.testapps.Probe");
            try (JguProcess jgu = JguProcess.startCommand(dir, cmd, Map.of())) {
                // systemd-socket-activate listens first and execs jgu when the first client connects;
                // that client waits in the backlog until a worker accepts it.
                JguProcess.await(() -> Files.exists(sock), Duration.ofSeconds(30), () -> "the activation socket " + sock);
                // the arbiter's JVM starts, then its workers boot, before this first client is answered
                Duration activation = jgu.bounds.boot().multipliedBy(2);
                java.util.concurrent.CompletableFuture<HttpProbe.Reply> first = HttpProbe.getAsync("unix:" + sock, "/", activation);
                // one step at a time, each within its own bound: the arbiter's JVM, its workers, then the notification
                jgu.awaitLog("socket activation: ", 1, jgu.bounds.boot());
                jgu.awaitWorkers(2);
                String ready = receiver.await("READY=1", jgu.bounds.react());
                assertTrue(ready.contains("MAINPID=" + jgu.pid()), "systemd-socket-activate execs jgu, so the arbiter keeps its pid: " + ready);
                assertTrue(jgu.err().contains("socket activation: 1 listening sockets from systemd"), jgu.err());
                assertEquals(2, jgu.workerPids().size());
                assertEquals(200, first.get(activation.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).status(), "the connection that triggered activation is served");
                HttpProbe.Reply reply = HttpProbe.get("unix:" + sock, "/");
                assertEquals(200, reply.status());
                assertTrue(jgu.workerPids().contains(reply.pid()));
                jgu.signal("HUP");
                receiver.await("RELOADING=1", jgu.bounds.react());
                receiver.await("READY=1", jgu.bounds.reload());
                jgu.signal("TERM");
                receiver.await("STOPPING=1", jgu.bounds.react());
                assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
                assertTrue(Files.exists(sock), "systemd's socket file is systemd's to remove");
            }
        }
    }
}
