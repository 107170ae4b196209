package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --log-syslog} against Debian's rsyslogd, started by the test with a config of its own (a UNIX
 * datagram socket in the temp dir, as {@code /dev/log} is, a TCP input on loopback, a file output), killed by
 * pid at the end: the arbiter's and the workers' lines arrive over both with Gunicorn's tag, the facility and
 * the severity asked for; then rsyslogd is killed and the workers keep serving, none replaced.
 */
class SyslogIT {

    private static final String RSYSLOGD = "/usr/sbin/rsyslogd";

    @TempDir
    Path dir;

    @Test
    void rsyslogReceivesTheErrorLogAndAGoneSyslogTakesNoWorkerDown() throws Exception {
        RealProgram.assumeInstalled("SyslogIT", RSYSLOGD);
        int port = freePort();
        Path received = dir.resolve("received.log");
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%s")
                module(load="imtcp")
                input(type="imtcp" address="127.0.0.1" port="%d")
                module(load="imuxsock" SysSock.Use="off")
                input(type="imuxsock" Socket="%s")
                template(name="jgu" type="string" string="%%syslogtag%%|%%syslogfacility-text%%|%%syslogseverity-text%%|%%msg%%\\n")
                *.* action(type="omfile" file="%s" template="jgu")
                """.formatted(dir, port, dir.resolve("log.sock"), received));
        try (RealProgram rsyslog = RealProgram.start(dir, "rsyslogd", List.of(RSYSLOGD, "-n", "-f", conf.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString()), Map.of())) {
            JguProcess.await(() -> answers(port) && Files.exists(dir.resolve("log.sock")), Duration.ofSeconds(30),
                    () -> "rsyslogd listening on " + port + " and " + dir.resolve("log.sock") + ":\n" + rsyslog.output());
            Files.createDirectories(dir.resolve("dgram"));
            // a UNIX datagram socket, as /dev/log is: the arbiter connects it and every worker inherits it
            try (JguProcess jgu = JguProcess.start(dir.resolve("dgram"), List.of("-w", "1", "-b", "127.0.0.1:0", "--log-syslog",
                    "--log-syslog-to", "unix://" + dir.resolve("log.sock"), "dev.jgu.testapps.LogEmitter"))) {
                String address = jgu.listeners(1).get(0);
                jgu.awaitWorkers(1);
                String worker = HttpProbe.get(address, "/slf4j?msg=dgram1").body().strip();
                awaitText(received, "[" + worker + "] slf4j says dgram1", jgu.bounds.react());
                String text = RealProgram.read(received);
                String line = text.lines().filter(l -> l.contains("slf4j says dgram1")).findFirst().orElseThrow();
                assertTrue(line.startsWith("jgu.error:|user|info|"), line);
                assertTrue(text.contains("[" + jgu.pid() + "] listening: address=" + address), "the arbiter's lines too:\n" + text);
            }
            try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--log-syslog",
                    "--log-syslog-to", "tcp://127.0.0.1:" + port, "--log-syslog-prefix", "shop",
                    "--log-syslog-facility", "local3", "dev.jgu.testapps.LogEmitter"))) {
                String address = jgu.listeners(1).get(0);
                Set<Long> workers = Set.copyOf(jgu.awaitWorkers(2));
                String worker = HttpProbe.get(address, "/slf4j?msg=hotel8").body().strip();
                awaitText(received, "[" + worker + "] slf4j says hotel8", jgu.bounds.react());
                String text = RealProgram.read(received);
                String line = text.lines().filter(l -> l.contains("slf4j says hotel8")).findFirst().orElseThrow();
                assertTrue(line.startsWith("jgu.shop.error:|local3|info|"), line);
                assertTrue(text.contains("[" + jgu.pid() + "] listening: address="), "the arbiter's lines too:\n" + text);
                // the error log itself still has them
                jgu.awaitLog("[" + worker + "] [INFO] [testapps.shop] slf4j says hotel8", 1, jgu.bounds.react());

                rsyslog.process.destroyForcibly().waitFor();
                for (int i = 0; i < 50; i++) {
                    HttpProbe.Reply reply = HttpProbe.get(address, "/slf4j?msg=india" + i);
                    assertEquals(200, reply.status());
                    assertTrue(workers.contains(reply.pid()), "served by a worker of before: " + reply.pid() + " " + workers);
                }
                // the worker's stderr reaches the log through the arbiter's relay, a moment after the answer
                jgu.awaitLog("slf4j says india49", 1, jgu.bounds.react());
                assertEquals(workers, Set.copyOf(JguProcess.children(jgu.pid())), "no worker replaced");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitText(Path file, String text, Duration bound) {
        JguProcess.await(() -> RealProgram.read(file).contains(text), bound, () -> "'" + text + "' in " + file + ":\n" + RealProgram.read(file));
    }
}
