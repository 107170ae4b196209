package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** USR2 starts a new arbiter on the same sockets; stopping the old one under load fails no request. */
class ReexecIT {

    @TempDir
    Path dir;

    @Test
    void usr2ThenTermOfOldArbiterFailsNoRequestAndPromotesPidfile() throws Exception {
        Path pidfile = dir.resolve("jgu.pid");
        Path sock = dir.resolve("jgu.sock");
        try (JguProcess old = JguProcess.start(dir, List.of("-w", "2", "-b", "unix:" + sock, "-p", pidfile.toString(),
                "dev.jgu.testapps.Probe"))) {
            String address = old.listeners(1).get(0);
            Set<Long> oldWorkers = old.awaitWorkers(2);
            try (HupUnderLoad load = new HupUnderLoad(address, old::workerPids, old.bounds)) {
                old.signal("USR2");
                old.awaitLog("re-exec: started new arbiter pid=", 1, old.bounds.react());
                Matcher m = Pattern.compile("re-exec: started new arbiter pid=(\\d+)").matcher(old.err());
                assertTrue(m.find());
                long fresh = Long.parseLong(m.group(1));
                Path pidfile2 = dir.resolve("jgu.pid.2");
                JguProcess.await(() -> Files.exists(pidfile2), old.bounds.boot(), () -> "pidfile " + pidfile2);
                assertEquals(Long.toString(fresh), read(pidfile2));
                Set<Long> newWorkers = JguProcess.awaitReadyChildren(fresh, 2, old::log, old.bounds.boot());
                old.seenWorkers();

                old.signal("TERM");
                assertEquals(0, old.awaitExit(old.bounds.stop()), old.err());
                JguProcess.await(() -> Files.exists(pidfile) && read(pidfile).equals(Long.toString(fresh)) && !Files.exists(pidfile2),
                        old.bounds.react(), () -> "the new arbiter to promote its pidfile");
                assertTrue(Files.exists(sock), "the old arbiter left the UNIX socket to the new one");
                Set<Long> served = load.servedByNext(30);
                assertTrue(newWorkers.containsAll(served), "served by " + served + ", expected " + newWorkers);
                load.assertNoFailedRequest("across the hand-over");
                for (long w : oldWorkers) {
                    assertFalse(JguProcess.running(w), "old worker " + w);
                }
                // The promoted arbiter is the main one now: a second USR2 re-executes it in turn.
                JguProcess.signal(fresh, "USR2");
                old.awaitLog("re-exec: started new arbiter pid=", 2, old.bounds.react());
                Matcher again = Pattern.compile("re-exec: started new arbiter pid=(\\d+)").matcher(old.err());
                assertTrue(again.find() && again.find(), old.err());
                long third = Long.parseLong(again.group(1));
                try {
                    JguProcess.awaitReadyChildren(third, 2, old::log, old.bounds.boot());
                    JguProcess.signal(fresh, "TERM");
                    JguProcess.await(() -> !JguProcess.running(fresh), old.bounds.stop(), () -> "the promoted arbiter to stop");
                    JguProcess.await(() -> Files.exists(pidfile) && read(pidfile).equals(Long.toString(third)),
                            old.bounds.react(), () -> "the third arbiter to promote its pidfile");
                    load.assertNoFailedRequest("across the second hand-over");
                } finally {
                    JguProcess.signal(third, "TERM");
                    JguProcess.await(() -> !JguProcess.running(third), old.bounds.stop(), () -> "the third arbiter to stop");
                }
                assertFalse(Files.exists(pidfile), "pidfile removed by the last arbiter at exit");
            }
        }
    }

    @Test
    void failedReexecLeavesTheOldArbiterServing() throws Exception {
        Path conf = dir.resolve("jgu.conf");
        Files.writeString(conf, "workers = 1\nbind = [\"127.0.0.1:0\"]\napp = \"dev.jgu.testapps.Probe\"\n");
        try (JguProcess jgu = JguProcess.start(dir, List.of())) {
            String address = jgu.listeners(1).get(0);
            Set<Long> workers = jgu.awaitWorkers(1);
            Files.writeString(conf, "workers = \"one\"\n");
            jgu.signal("USR2");
            jgu.awaitLog("this arbiter keeps serving", 1, jgu.bounds.boot());
            assertTrue(jgu.err().contains("exited (code=2)"), jgu.err());
            assertTrue(jgu.err().contains("workers: expected an integer"), "the new arbiter's reason reaches the log:\n" + jgu.err());
            HttpProbe.Reply reply = HttpProbe.get(address, "/");
            assertEquals(200, reply.status());
            assertTrue(workers.contains(reply.pid()));
        }
    }


    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
