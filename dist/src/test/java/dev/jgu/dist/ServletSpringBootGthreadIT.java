package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jgu.dist.ServletApps.header;
import static dev.jgu.dist.ServletApps.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot WAR under {@code gthread} workers; and through the real nginx over jgu's UNIX
 * socket, a session included. (The selection of Servlet*IT classes: {@link ServletJerseyGthreadIT}.)
 */
class ServletSpringBootGthreadIT extends ServletSpringBootChecks {

    @Override
    String workerClass() {
        return "gthread";
    }

    @Override
    List<String> moreBinds() {
        return List.of("unix:" + dir.resolve("jgu.sock"));
    }

    @Test
    @Order(2)
    void throughNginxOverTheUnixSocket() throws Exception {
        ServletNginx.assumeInstalled("ServletSpringBootGthreadIT.throughNginxOverTheUnixSocket");
        try (ServletNginx nginx = ServletNginx.start(dir.resolve("nginx"), dir.resolve("jgu.sock"))) {
            HttpProbe.Reply hello = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/hello")));
            assertEquals(200, hello.status(), hello.head() + hello.body());
            assertTrue(hello.body().contains("\"message\":\"hello from boot\""), hello.body());

            HttpProbe.Reply first = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/session/count")));
            assertEquals(1, number(first.body(), "count"), first.head() + first.body());
            String cookie = sessionCookie(first.head());
            HttpProbe.Reply second = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/session/count",
                    "Cookie: " + cookie)));
            assertEquals(2, number(second.body(), "count"), "nginx passes the cookie on: " + second.head() + second.body());

            HttpProbe.Reply missing = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/nope",
                    "Accept: application/json")));
            assertEquals(404, missing.status(), missing.head() + missing.body());
            assertTrue(header(missing.head(), "Content-Type").startsWith("application/json")
                    && missing.body().contains("\"path\":\"/nope\""), missing.head() + missing.body());

            String lines = nginx.accessLog(4, jgu.bounds.react());
            assertTrue(lines.contains("\"GET /hello HTTP/1.1\" 200") && lines.contains("\"GET /nope HTTP/1.1\" 404"), lines);
        }
    }
}
