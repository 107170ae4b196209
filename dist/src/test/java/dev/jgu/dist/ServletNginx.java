package dev.jgu.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real nginx in front of a servlet app's jgu, configured as NginxIT and JdkHttpSyncIT run it:
 * the shipped etc/nginx/sites-available/jgu with its paths moved into a temp dir, proxying to jgu's
 * UNIX socket. {@link #close()} kills nginx and its workers by pid.
 */
final class ServletNginx implements AutoCloseable {

    private static final String NGINX = "/usr/sbin/nginx";
    private static final String OPENSSL = "/usr/bin/openssl";
    private static final Duration COMMAND = Duration.ofSeconds(60);

    final Path dir;
    /** nginx's plain-http listener, as an {@link HttpProbe} address. */
    final String http;
    private final RealProgram nginx;

    private ServletNginx(Path dir, String http, RealProgram nginx) {
        this.dir = dir;
        this.http = http;
        this.nginx = nginx;
    }

    /** Skips the calling test when nginx or openssl is missing, as the other nginx tests do. */
    static void assumeInstalled(String test) {
        RealProgram.assumeInstalled(test, NGINX, OPENSSL);
    }

    /** Starts nginx in {@code dir} proxying to jgu's {@code jguSocket}, and waits until it listens. */
    static ServletNginx start(Path dir, Path jguSocket) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("public"));
        Path http = dir.resolve("http.sock");
        // the site listens on 443 too: nginx needs a certificate for it, though these tests speak plain http
        RealProgram.ok(dir, COMMAND, OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "2", "-subj", "/CN=example.com", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString());
        Files.writeString(dir.resolve("site.conf"), RealProgram.etcSample("nginx/sites-available/jgu",
                "listen 80;", "listen unix:" + http + ";",
                "listen 443 ssl;", "listen unix:" + dir.resolve("https.sock") + " ssl;",
                "/etc/ssl/certs/example.com.pem", dir.resolve("cert.pem").toString(),
                "/etc/ssl/private/example.com.key", dir.resolve("key.pem").toString(),
                "unix:/run/jgu/jgu.sock", "unix:" + jguSocket,
                "/srv/app/public", dir.resolve("public").toString()));
        Files.writeString(dir.resolve("nginx.conf"), NginxIT.nginxConf(dir, "error.log", "access.log"));
        RealProgram nginx = RealProgram.start(dir, "nginx", List.of(NGINX, "-e", dir.resolve("error.log").toString(),
                "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString()), Map.of());
        try {
            JguProcess.await(() -> Files.exists(http), COMMAND,
                    () -> "nginx's socket; nginx said:\n" + nginx.output() + RealProgram.read(dir.resolve("error.log")));
            nginx.track();
        } catch (RuntimeException | Error e) {
            nginx.close();
            throw e;
        }
        return new ServletNginx(dir, "unix:" + http, nginx);
    }

    /** A request as a browser sends it to nginx's site: {@code Host: example.com}. */
    static String forSite(String request) {
        return request.replaceFirst("\r\nHost: test\r\n", "\r\nHost: example.com\r\n");
    }

    /** Waits until nginx has logged {@code n} requests, and returns its access log. */
    String accessLog(int n, Duration bound) {
        Path log = dir.resolve("access.log");
        RealProgram.awaitLines(log, n, bound);
        return RealProgram.read(log);
    }

    String errorLog() {
        return RealProgram.read(dir.resolve("error.log"));
    }

    @Override
    public void close() {
        nginx.close();
    }
}
