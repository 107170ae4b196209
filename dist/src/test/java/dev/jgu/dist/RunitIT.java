package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * runit's runsv runs the shipped etc/sv/jgu service (run and log/run, svlogd keeping
 * the log): {@code sv status} shows the arbiter's pid, {@code sv hup} replaces the
 * workers with no failed request, {@code sv term} lets an in-flight request finish
 * and runsv starts jgu again, {@code sv down} stops it.
 */
class RunitIT {

    private static final String RUNSV = "/usr/bin/runsv";
    private static final String SV = "/usr/bin/sv";
    private static final String SVLOGD = "/usr/bin/svlogd";
    private static final Pattern RUNNING = Pattern.compile("^run: [^:]+: \\(pid (\\d+)\\)");
    private static final Duration COMMAND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path service;
    private Path current;

    private String sv(String... args) throws Exception {
        return svRun(args).output();
    }

    private RealProgram.Result svRun(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(SV));
        cmd.addAll(List.of(args));
        cmd.add(service.toString());
        return RealProgram.run(dir, COMMAND, cmd.toArray(String[]::new));
    }

    /** The pid {@code sv status} shows for the service itself, or 0 when it is not running. */
    private long statusPid() throws Exception {
        Matcher m = RUNNING.matcher(sv("status"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private String log() {
        return RealProgram.read(current);
    }

    @Test
    void runsvSupervisesTheArbiterThroughHupTermAndDown() throws Exception {
        RealProgram.assumeInstalled("RunitIT", RUNSV, SV, SVLOGD, "/usr/bin/chpst");
        Path run = Files.createDirectories(dir.resolve("run"));
        Path logs = dir.resolve("log");
        Path app = Files.createDirectories(dir.resolve("app"));
        current = logs.resolve("current");
        service = Files.createDirectories(dir.resolve("sv/jgu/log")).getParent();
        String conf = "app = \"dev.jgu.testapps.Probe\"\nworkers = 2\ngraceful_timeout = 20\n" + JguProcess.testAppsConf();
        Files.writeString(dir.resolve("jgu.conf"), conf);
        Bounds bounds = Bounds.ofConf(conf);
        // The temp dirs are root's alone, so jgu keeps runsv's user instead of www-data.
        Files.writeString(service.resolve("run"), RealProgram.etcSample("sv/jgu/run",
                "chpst -u www-data:www-data ", "",
                "-o www-data -g www-data ", "",
                "/opt/jgu", JguProcess.home().toString(),
                "/etc/jgu/jgu.conf", dir.resolve("jgu.conf").toString(),
                "/run/jgu", run.toString(),
                "/srv/app", app.toString()));
        Files.writeString(service.resolve("log/run"), RealProgram.etcSample("sv/jgu/log/run", "/var/log/jgu", logs.toString()));
        assertTrue(service.resolve("run").toFile().setExecutable(true) && service.resolve("log/run").toFile().setExecutable(true));

        try (RealProgram runsv = RealProgram.start(dir, "runsv", List.of(RUNSV, service.toString()), Map.of())) {
            long[] started = new long[1];
            JguProcess.await(() -> (started[0] = quietPid()) != 0, bounds.boot(), () -> "runsv to start jgu:\n" + runsv.output());
            long arbiter = started[0];
            runsv.track(arbiter);
            JguProcess.awaitReadyChildren(arbiter, 2, this::log, bounds.boot());
            assertEquals(arbiter, RealProgram.pidAfter(log(), "starting jgu:", "arbiter"),
                    "sv status shows the arbiter's pid (run execs the launcher, which execs java)");
            assertTrue(sv("status").contains("; run: log: (pid"), "the log service runs too: " + sv("status"));
            String address = RealProgram.listening(log(), "unix:");
            assertEquals("unix:" + run.resolve("jgu.sock"), address);

            Set<Long> before = JguProcess.children(arbiter);
            assertEquals(2, before.size(), before.toString());
            try (HupUnderLoad load = new HupUnderLoad(address, () -> JguProcess.children(arbiter), bounds)) {
                RealProgram.Result hup = svRun("hup");
                assertEquals(0, hup.exit(), "sv hup: " + hup.output());
                JguProcess.await(() -> log().contains("reload complete"), bounds.reload(), () -> "reload complete:\n" + log());
                load.assertReplaced(before, 2);
                load.assertNoFailedRequest("across sv hup");
            }
            assertEquals(arbiter, statusPid(), "a reload keeps the arbiter");
            runsv.track();

            Set<Long> last = JguProcess.children(arbiter);
            DrainingStop stop = DrainingStop.begin(address, 3000, this::log, bounds);
            RealProgram.Result term = svRun("term");
            assertEquals(0, term.exit(), "sv term: " + term.output());
            stop.assertAnsweredBy(last);
            JguProcess.await(() -> !JguProcess.running(arbiter), bounds.stop(), () -> "arbiter " + arbiter + " to exit");
            JguProcess.await(() -> log().contains("shutting down: mode=graceful") && log().contains("arbiter exiting: code=0"),
                    bounds.react(), () -> "a graceful stop and exit code 0 in the log:\n" + log());

            // runsv starts the service again: a new arbiter, serving on the same path.
            long[] restarted = new long[1];
            JguProcess.await(() -> (restarted[0] = quietPid()) != 0 && restarted[0] != arbiter, bounds.boot(),
                    () -> "runsv to start jgu again");
            runsv.track(restarted[0]);
            assertNotEquals(arbiter, restarted[0]);
            JguProcess.awaitReadyChildren(restarted[0], 2, this::log, bounds.boot());
            HttpProbe.Reply again = HttpProbe.get(address, "/");
            assertEquals(200, again.status());
            assertTrue(JguProcess.children(restarted[0]).contains(again.pid()), again.body());

            Set<Long> lastWorkers = JguProcess.children(restarted[0]);
            String down = sv("-w", Long.toString(bounds.stop().toSeconds()), "down");
            assertTrue(down.startsWith("ok: down:"), down);
            assertFalse(JguProcess.running(restarted[0]), "arbiter gone after sv down");
            for (long worker : lastWorkers) {
                JguProcess.await(() -> !JguProcess.running(worker), bounds.react(), () -> "worker " + worker + " to exit");
            }
            sv("exit");
            assertTrue(runsv.process.waitFor(bounds.react().toMillis(), TimeUnit.MILLISECONDS), "runsv exits after sv exit");
        }
    }

    private long quietPid() {
        try {
            return statusPid();
        } catch (Exception e) {
            return 0;
        }
    }

}
