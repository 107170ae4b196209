package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HUP replaces every worker without failing a request, and a broken deploy leaves the old workers serving. */
class ReloadIT {

    @TempDir
    Path dir;

    @Test
    void fiveHupsUnderLoadFailNoRequestAndReplaceEveryWorker() throws Exception {
        Files.writeString(dir.resolve("jgu.conf"), "workers = 2\nbind = [\"127.0.0.1:0\"]\napp = \"dev.jgu.testapps.SlowBoot\"\n");
        try (JguProcess jgu = JguProcess.start(dir, List.of(), Map.of("SLOW_BOOT_MS", "1500"))) {
            String address = jgu.listeners(1).get(0);
            Set<Long> previous = jgu.awaitWorkers(2);
            try (HupUnderLoad load = new HupUnderLoad(address, jgu::workerPids, jgu.bounds)) {
                for (int reload = 1; reload <= 5; reload++) {
                    jgu.signal("HUP");
                    jgu.awaitLog("reload complete", reload, jgu.bounds.reload());
                    previous = load.assertReplaced(previous, 2);
                }
                load.assertNoFailedRequest("during 5 reloads");
            }
        }
    }

    @Test
    void hupWithBrokenAppKeepsOldWorkersServing() throws Exception {
        Path conf = dir.resolve("jgu.conf");
        Files.writeString(conf, "workers = 2\nbind = [\"127.0.0.1:0\"]\napp = \"dev.jgu.testapps.Probe\"\n");
        try (NotifySocket systemd = new NotifySocket(dir.resolve("notify.sock"));
             JguProcess jgu = JguProcess.start(dir, List.of(), Map.of("NOTIFY_SOCKET", dir.resolve("notify.sock").toString()))) {
            String address = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(2);
            systemd.await("READY=1", jgu.bounds.boot());
            try (HupUnderLoad load = new HupUnderLoad(address, jgu::workerPids, jgu.bounds)) {
                Files.writeString(conf, "workers = 2\nbind = [\"127.0.0.1:0\", \"127.0.0.1:1\"]\napp = \"dev.jgu.testapps.Broken\"\n");
                jgu.signal("HUP");
                jgu.awaitLog("reload aborted, old workers keep serving", 1, jgu.bounds.reload());
                systemd.await("STATUS=serving, 2 workers (reload aborted, the previous generation serves)", jgu.bounds.react());
                assertEquals(workers, load.servedByNext(30), "the old workers still serve");
                load.awaitOnly(workers);
                load.assertNoFailedRequest("during a HUP to a broken app");
            }
            assertTrue(jgu.err().contains("database URL not configured"), "the reason is logged:\n" + jgu.err());
            assertTrue(jgu.err().contains("reload: bind changed but only takes effect on restart; ignored"), jgu.err());
            assertTrue(jgu.process.isAlive(), "the arbiter stays up");
        }
    }

    @Test
    void hupWithInvalidConfigFileKeepsTheRunningConfiguration() throws Exception {
        Path conf = dir.resolve("jgu.conf");
        Files.writeString(conf, "workers = 1\nbind = [\"127.0.0.1:0\"]\napp = \"dev.jgu.testapps.Probe\"\n");
        try (JguProcess jgu = JguProcess.start(dir, List.of())) {
            String address = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(1);
            Files.writeString(conf, "workers = 0\nbind = [\"127.0.0.1:0\"]\napp = \"dev.jgu.testapps.Probe\"\n");
            jgu.signal("HUP");
            jgu.awaitLog("reload failed, keeping the running configuration: workers: must be >= 1, got 0 (jgu.conf:1)", 1,
                    jgu.bounds.react());
            assertEquals(0, JguProcess.count(jgu.err(), "reloading: generation="), "no new generation:\n" + jgu.err());
            HttpProbe.Reply reply = HttpProbe.get(address, "/");
            assertEquals(200, reply.status());
            assertTrue(workers.contains(reply.pid()));
        }
    }
}
