package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jersey's jdk-http container and a plain HttpHandler under {@code sync} workers, and the
 * Jersey app through the real nginx, configured with the shipped etc/nginx/sites-available/jgu,
 * over jgu's UNIX socket (as NginxIT runs it).
 */
class JdkHttpSyncIT extends JdkHttpChecks {

    private static final String NGINX = "/usr/sbin/nginx";
    private static final String OPENSSL = "/usr/bin/openssl";
    private static final Duration COMMAND = Duration.ofSeconds(60);

    @Override
    String workerClass() {
        return "sync";
    }

    @Override
    boolean keepsAlive() {
        return false;
    }

    @Override
    List<String> jerseyBinds() {
        return List.of("unix:" + dir.resolve("jgu.sock"));
    }

    @Test
    @Order(2)
    void jerseyThroughNginxOverTheUnixSocket() throws Exception {
        RealProgram.assumeInstalled("JdkHttpSyncIT.jerseyThroughNginxOverTheUnixSocket", NGINX, OPENSSL);
        Path ngx = Files.createDirectories(dir.resolve("nginx"));
        Path http = ngx.resolve("http.sock");
        Files.createDirectories(ngx.resolve("public"));
        RealProgram.ok(ngx, COMMAND, OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "2", "-subj", "/CN=example.com", "-keyout", ngx.resolve("key.pem").toString(),
                "-out", ngx.resolve("cert.pem").toString());
        Files.writeString(ngx.resolve("site.conf"), RealProgram.etcSample("nginx/sites-available/jgu",
                "listen 80;", "listen unix:" + http + ";",
                "listen 443 ssl;", "listen unix:" + ngx.resolve("https.sock") + " ssl;",
                "/etc/ssl/certs/example.com.pem", ngx.resolve("cert.pem").toString(),
                "/etc/ssl/private/example.com.key", ngx.resolve("key.pem").toString(),
                "unix:/run/jgu/jgu.sock", "unix:" + dir.resolve("jgu.sock"),
                "/srv/app/public", ngx.resolve("public").toString()));
        Files.writeString(ngx.resolve("nginx.conf"), NginxIT.nginxConf(ngx, "error.log", "access.log"));
        List<String> cmd = List.of(NGINX, "-e", ngx.resolve("error.log").toString(), "-p", ngx + "/", "-c",
                ngx.resolve("nginx.conf").toString());
        try (RealProgram nginx = RealProgram.start(ngx, "nginx", cmd, Map.of())) {
            JguProcess.await(() -> Files.exists(http), Duration.ofSeconds(30),
                    () -> "nginx's socket; nginx said:\n" + nginx.output() + RealProgram.read(ngx.resolve("error.log")));
            nginx.track();

            HttpProbe.Reply json = HttpProbe.send("unix:" + http, "POST /api/shop/orders HTTP/1.1\r\nHost: example.com\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 30\r\nConnection: close\r\n\r\n"
                    + "{\"item\":\"widget\",\"quantity\":2}");
            assertEquals(201, json.status(), json.head() + json.body());
            assertTrue(json.body().contains("\"totalCents\":500"), json.body());

            HttpProbe.Reply price = HttpProbe.send("unix:" + http, "GET /api/shop/prices/widget HTTP/1.1\r\n"
                    + "Host: example.com\r\nConnection: close\r\n\r\n");
            assertTrue(price.body().contains("\"self\":\"http://example.com/api/shop/prices/widget\""),
                    "nginx passes the Host on: " + price.body());

            HttpProbe.Reply form = HttpProbe.send("unix:" + http, "POST /api/shop/orders HTTP/1.1\r\nHost: example.com\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 22\r\nConnection: close\r\n\r\n"
                    + "item=widget&quantity=4");
            assertEquals("ordered 4 x widget = 1000 cents\n", form.body());

            HttpProbe.Reply conflict = HttpProbe.send("unix:" + http, "POST /api/shop/orders HTTP/1.1\r\nHost: example.com\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 31\r\nConnection: close\r\n\r\n"
                    + "{\"item\":\"widget\",\"quantity\":12}");
            assertEquals(409, conflict.status(), conflict.head() + conflict.body());

            HttpProbe.Reply catalog = HttpProbe.send("unix:" + http, "GET /api/shop/catalog?lines=3000 HTTP/1.1\r\n"
                    + "Host: example.com\r\nConnection: close\r\n\r\n");
            assertEquals(3000, catalog.body().lines().count(), "a chunked body through nginx, whole");

            HttpProbe.Reply missing = HttpProbe.send("unix:" + http, "GET /api/none HTTP/1.1\r\nHost: example.com\r\n"
                    + "Connection: close\r\n\r\n");
            assertEquals(404, missing.status(), missing.head());

            Path accessLog = ngx.resolve("access.log");
            RealProgram.awaitLines(accessLog, 6, jersey.bounds.react());
            String lines = RealProgram.read(accessLog);
            assertTrue(lines.contains("\"POST /api/shop/orders HTTP/1.1\" 201") && lines.contains("\" 409 ")
                    && lines.contains("\"GET /api/none HTTP/1.1\" 404"), lines);
        }
    }
}
