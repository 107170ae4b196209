package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real supervisord runs jgu from the shipped etc/supervisor/conf.d/jgu.conf: the
 * pid it reports is the arbiter, {@code supervisorctl signal HUP} replaces every
 * worker without failing a request, and {@code supervisorctl stop} lets an
 * in-flight request finish before jgu exits 0.
 */
class SupervisorIT {

    private static final String SUPERVISORD = "/usr/bin/supervisord";
    private static final String SUPERVISORCTL = "/usr/bin/supervisorctl";
    private static final Duration COMMAND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private String ctl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(SUPERVISORCTL, "-c", dir.resolve("supervisord.conf").toString()));
        cmd.addAll(List.of(args));
        return RealProgram.run(dir, COMMAND, cmd.toArray(String[]::new)).output();
    }

    @Test
    void supervisordRunsTheArbiterReloadsWithHupAndStopsGracefully() throws Exception {
        RealProgram.assumeInstalled("SupervisorIT", SUPERVISORD, SUPERVISORCTL);
        Path run = Files.createDirectories(dir.resolve("run"));
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path app = Files.createDirectories(dir.resolve("app"));
        Path jguLog = logs.resolve("jgu.log");
        String conf = "app = \"dev.jgu.testapps.Probe\"\nworkers = 2\ngraceful_timeout = 20\n" + JguProcess.testAppsConf();
        Files.writeString(dir.resolve("jgu.conf"), conf);
        Bounds bounds = Bounds.ofConf(conf);
        Files.createDirectories(dir.resolve("conf.d"));
        // The temp dirs are root's alone, so the program keeps supervisord's user instead of www-data.
        Files.writeString(dir.resolve("conf.d/jgu.conf"), RealProgram.etcSample("supervisor/conf.d/jgu.conf",
                "/opt/jgu", JguProcess.home().toString(),
                "/etc/jgu/jgu.conf", dir.resolve("jgu.conf").toString(),
                "/run/jgu", run.toString(),
                "/var/log/jgu", logs.toString(),
                "/srv/app", app.toString(),
                "user=www-data\n", ""));
        Files.writeString(dir.resolve("supervisord.conf"), """
                [unix_http_server]
                file=%1$s/supervisor.sock

                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                nodaemon=true

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://%1$s/supervisor.sock

                [include]
                files = %1$s/conf.d/*.conf
                """.formatted(dir));

        try (RealProgram supervisord = RealProgram.start(dir, "supervisord",
                List.of(SUPERVISORD, "-n", "-c", dir.resolve("supervisord.conf").toString()), Map.of())) {
            String[] status = new String[1];
            // RUNNING once jgu has lived for startsecs (5 s), whether its workers are ready or not
            JguProcess.await(() -> (status[0] = quietly(() -> ctl("status", "jgu"))).contains("RUNNING"), bounds.boot(),
                    () -> "jgu RUNNING (after startsecs); supervisorctl status says: " + status[0] + "\n" + supervisord.output());
            long arbiter = Long.parseLong(ctl("pid", "jgu").trim());
            supervisord.track(arbiter);
            JguProcess.awaitReadyChildren(arbiter, 2, () -> RealProgram.read(jguLog), bounds.boot());
            assertEquals(arbiter, RealProgram.pidAfter(RealProgram.read(jguLog), "starting jgu:", "arbiter"),
                    "the pid supervisord started and reports is the arbiter (the launcher execs java)");
            String address = RealProgram.listening(RealProgram.read(jguLog), "unix:");
            assertEquals("unix:" + run.resolve("jgu.sock"), address);

            Set<Long> before = JguProcess.children(arbiter);
            assertEquals(2, before.size(), before.toString());
            try (HupUnderLoad load = new HupUnderLoad(address, () -> JguProcess.children(arbiter), bounds)) {
                assertTrue(ctl("signal", "HUP", "jgu").contains("jgu: signalled"), "supervisorctl signal HUP jgu");
                JguProcess.await(() -> RealProgram.read(jguLog).contains("reload complete"), bounds.reload(),
                        () -> "reload complete in " + jguLog + ":\n" + RealProgram.read(jguLog));
                load.assertReplaced(before, 2);
                load.assertNoFailedRequest("across supervisorctl signal HUP");
            }
            assertEquals(Long.toString(arbiter), ctl("pid", "jgu").trim(), "a reload keeps the arbiter");
            supervisord.track();

            Set<Long> last = JguProcess.children(arbiter);
            DrainingStop stop = DrainingStop.begin(address, 3000, () -> RealProgram.read(jguLog), bounds);
            long start = System.nanoTime();
            String stopped = ctl("stop", "jgu");
            assertTrue(stopped.contains("jgu: stopped"), stopped);
            stop.assertAnsweredBy(last);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < bounds.gracefulTimeout() * 1000L, "stopped within graceful_timeout, took " + millis + " ms");
            JguProcess.await(() -> RealProgram.read(dir.resolve("supervisord.log")).contains("stopped: jgu (exit status 0)"),
                    bounds.react(), () -> "supervisord to log a clean exit:\n" + RealProgram.read(dir.resolve("supervisord.log")));
            assertFalse(JguProcess.running(arbiter), "arbiter gone");
            for (long worker : last) {
                assertFalse(JguProcess.running(worker), "worker " + worker + " gone");
            }
        }
    }


    private interface Call {
        String call() throws Exception;
    }

    private static String quietly(Call call) {
        try {
            return call.call();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
