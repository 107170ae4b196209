package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jgu.dist.ServletApps.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Jersey shop WAR under {@code sync} workers, where a suspended request holds the worker's one
 * thread until it is resumed; and through the real nginx over jgu's UNIX socket. (The selection of
 * Servlet*IT classes: {@link ServletJerseyGthreadIT}.)
 */
class ServletJerseySyncIT extends ServletJerseyChecks {

    @Override
    String workerClass() {
        return "sync";
    }

    @Override
    boolean keepsAlive() {
        return false;
    }

    @Override
    List<String> moreBinds() {
        return List.of("unix:" + dir.resolve("jgu.sock"));
    }

    @Test
    @Order(2)
    void throughNginxOverTheUnixSocket() throws Exception {
        ServletNginx.assumeInstalled("ServletJerseySyncIT.throughNginxOverTheUnixSocket");
        try (ServletNginx nginx = ServletNginx.start(dir.resolve("nginx"), dir.resolve("jgu.sock"))) {
            HttpProbe.Reply json = HttpProbe.send(nginx.http, ServletNginx.forSite(post("/api/shop/orders", "application/json",
                    "{\"item\":\"widget\",\"quantity\":2}")));
            assertEquals(201, json.status(), json.head() + json.body());
            assertTrue(json.body().contains("\"totalCents\":500"), json.body());

            HttpProbe.Reply price = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/api/shop/prices/widget")));
            assertTrue(price.body().contains("\"self\":\"http://example.com/api/shop/prices/widget\""),
                    "nginx passes the Host on: " + price.body());

            HttpProbe.Reply form = HttpProbe.send(nginx.http, ServletNginx.forSite(post("/api/shop/orders",
                    "application/x-www-form-urlencoded", "item=gadget&quantity=3")));
            assertEquals("ordered 3 x gadget = 5997 cents\n", form.body());

            HttpProbe.Reply catalog = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/api/shop/catalog?lines=3000")));
            assertEquals(3000, catalog.body().lines().count(), "a chunked body through nginx, whole");

            HttpProbe.Reply resumed = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/api/async/100")));
            assertEquals(200, resumed.status(), resumed.head() + resumed.body());
            assertTrue(resumed.body().contains("\"delayMs\":100"), resumed.body());

            HttpProbe.Reply missing = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/api/nope")));
            assertEquals(404, missing.status(), missing.head());

            String lines = nginx.accessLog(6, jgu.bounds.react());
            assertTrue(lines.contains("\"POST /api/shop/orders HTTP/1.1\" 201") && lines.contains("\"GET /api/async/100 HTTP/1.1\" 200")
                    && lines.contains("\"GET /api/nope HTTP/1.1\" 404"), lines);
        }
    }
}
