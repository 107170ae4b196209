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

/**
 * The real nginx, configured with the shipped etc/nginx/sites-available/jgu, in front
 * of jgu's UNIX socket: requests are proxied, nginx's own X-Forwarded-Proto decides
 * the scheme the app sees (https only when the client came over TLS), and the same
 * header sent straight to jgu by an untrusted TCP peer is ignored.
 */
class NginxIT {

    private static final String NGINX = "/usr/sbin/nginx";
    private static final String OPENSSL = "/usr/bin/openssl";
    private static final String CURL = "/usr/bin/curl";
    private static final Duration COMMAND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void proxiesOverUnixSocketAndTheAppSeesTheSchemeNginxSet() throws Exception {
        RealProgram.assumeInstalled("NginxIT", NGINX, OPENSSL, CURL);
        Path jguSock = dir.resolve("jgu.sock");
        Path http = dir.resolve("http.sock");
        Path https = dir.resolve("https.sock");
        Files.createDirectories(dir.resolve("public"));
        Files.writeString(dir.resolve("public/robots.txt"), "User-agent: *\n");
        RealProgram.ok(dir, COMMAND, OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "2", "-subj", "/CN=example.com", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString());
        Files.writeString(dir.resolve("site.conf"), RealProgram.etcSample("nginx/sites-available/jgu",
                "listen 80;", "listen unix:" + http + ";",
                "listen 443 ssl;", "listen unix:" + https + " ssl;",
                "/etc/ssl/certs/example.com.pem", dir.resolve("cert.pem").toString(),
                "/etc/ssl/private/example.com.key", dir.resolve("key.pem").toString(),
                "unix:/run/jgu/jgu.sock", "unix:" + jguSock,
                "/srv/app/public", dir.resolve("public").toString()));
        Files.writeString(dir.resolve("nginx.conf"), nginxConf(dir, "nginx-error.log", "nginx-access.log"));

        // The TCP listener's only trusted front end is a documentation address (RFC 5737)
        // that never connects: 127.0.0.1 is an untrusted peer there. UNIX peers stay trusted.
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "1", "-b", "unix:" + jguSock, "-b", "127.0.0.1:0",
                "--forwarded-allow-ips", "192.0.2.1", "dev.jgu.testapps.Scheme"))) {
            String tcp = jgu.listeners(2).get(1);
            jgu.awaitWorkers(1);
            RealProgram.ok(dir, COMMAND, NGINX, "-t", "-e", dir.resolve("nginx-error.log").toString(), "-p", dir + "/",
                    "-c", dir.resolve("nginx.conf").toString());
            try (RealProgram nginx = RealProgram.start(dir, "nginx", List.of(NGINX, "-e", dir.resolve("nginx-error.log").toString(),
                    "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString()), Map.of())) {
                JguProcess.await(() -> Files.exists(http) && Files.exists(https), Duration.ofSeconds(30),
                        () -> "nginx's sockets; nginx said:\n" + nginx.output() + RealProgram.read(dir.resolve("nginx-error.log")));
                nginx.track();

                // Plain http through nginx: the client's own scheme headers are replaced or dropped.
                HttpProbe.Reply plain = HttpProbe.send("unix:" + http, "GET /app HTTP/1.1\r\nHost: example.com\r\n"
                        + "X-Forwarded-Proto: https\r\nX-Forwarded-Ssl: on\r\nX-Forwarded-Protocol: ssl\r\nConnection: close\r\n\r\n");
                assertEquals(200, plain.status(), plain.head() + plain.body());
                assertTrue(plain.body().contains("scheme=http\n"), "a client cannot claim https through nginx:\n" + plain.body());
                assertTrue(plain.body().contains("x-forwarded-proto=http\n"), plain.body());
                assertTrue(plain.body().contains("host=example.com\n"), "Host passed on:\n" + plain.body());

                // TLS to nginx: nginx says https, and jgu believes it because nginx is a UNIX-socket peer.
                String secure = RealProgram.ok(dir, COMMAND, CURL, "-sS", "-k", "--max-time", "30", "--unix-socket", https.toString(),
                        "https://example.com/app");
                assertTrue(secure.contains("scheme=https\n"), secure);
                assertTrue(secure.contains("wsgi.url_scheme=https\n"), secure);

                // Static files come from nginx's root without reaching jgu.
                HttpProbe.Reply robots = HttpProbe.send("unix:" + http, "GET /robots.txt HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
                assertEquals("User-agent: *\n", robots.body());

                // Straight to jgu: the same header from an untrusted TCP peer is ignored, from a UNIX peer honoured.
                String claim = "GET /app HTTP/1.1\r\nHost: test\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n";
                HttpProbe.Reply untrusted = HttpProbe.send(tcp, claim);
                assertTrue(untrusted.body().contains("scheme=http\n") && untrusted.body().contains("x-forwarded-proto=https\n"),
                        "127.0.0.1 is not in forwarded_allow_ips:\n" + untrusted.body());
                HttpProbe.Reply local = HttpProbe.send("unix:" + jguSock, claim);
                assertTrue(local.body().contains("scheme=https\n"), "a UNIX-socket peer is trusted:\n" + local.body());

                Path accessLog = dir.resolve("nginx-access.log");
                JguProcess.await(() -> RealProgram.read(accessLog).lines().count() >= 3, Duration.ofSeconds(10),
                        () -> "3 lines in nginx's access log:\n" + RealProgram.read(accessLog));
                assertEquals(3, RealProgram.read(accessLog).lines().count(), "nginx served three requests");
            }
            jgu.signal("TERM");
            assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        }
    }

    /**
     * A main nginx.conf of a test's own: foreground, every file under {@code dir} (the logs as
     * {@code errorLog} and {@code accessLog}), the site in {@code dir/site.conf} included.
     */
    static String nginxConf(Path dir, String errorLog, String accessLog) {
        // As root, nginx's workers would run as nobody, who cannot enter the test's 0700 temp dir.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + "daemon off;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve(errorLog) + " info;\n"
                + "events { worker_connections 64; }\n"
                + "http {\n"
                + "  access_log " + dir.resolve(accessLog) + ";\n"
                + "  client_body_temp_path " + dir.resolve("client_body") + ";\n"
                + "  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                + "  include " + dir.resolve("site.conf") + ";\n"
                + "}\n";
    }
}
