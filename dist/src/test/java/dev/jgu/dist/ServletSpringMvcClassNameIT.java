package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jgu.dist.ServletApps.post;
import static dev.jgu.dist.ServletApps.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring MVC named by its initializer class, its jars on {@code --classpath}
 * ({@code jgu --classpath 'app-lib/*' dev.jgu.testapps.springmvc.WebInit}), under {@code gthread}
 * workers; and through the real nginx over jgu's UNIX socket. (The selection of Servlet*IT
 * classes: {@link ServletJerseyGthreadIT}.)
 */
class ServletSpringMvcClassNameIT extends ServletSpringMvcChecks {

    @Override
    String workerClass() {
        return "gthread";
    }

    @Override
    List<String> app() {
        return List.of("--classpath", ServletApps.springMvcClasspath(), "dev.jgu.testapps.springmvc.WebInit");
    }

    @Override
    List<String> moreBinds() {
        return List.of("unix:" + dir.resolve("jgu.sock"));
    }

    @Test
    @Order(2)
    void throughNginxOverTheUnixSocket() throws Exception {
        ServletNginx.assumeInstalled("ServletSpringMvcClassNameIT.throughNginxOverTheUnixSocket");
        try (ServletNginx nginx = ServletNginx.start(dir.resolve("nginx"), dir.resolve("jgu.sock"))) {
            HttpProbe.Reply order = HttpProbe.send(nginx.http, ServletNginx.forSite(post("/orders", "application/json",
                    "{\"item\":\"widget\",\"quantity\":3}")));
            assertEquals(201, order.status(), order.head() + order.body());
            assertTrue(order.body().contains("\"totalCents\":750"), order.body());

            HttpProbe.Reply text = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get(
                    "/echo/text?text=Gr%C3%BC%C3%9Fe%20%E6%97%A5%E6%9C%AC")));
            assertEquals("Grüße 日本\n", utf8(text.body()), text.head());

            byte[] data = bytes(100 * 1024, 3);
            HttpProbe.Reply upload = HttpProbe.send(nginx.http, ServletNginx.forSite(upload(data)));
            assertEquals(200, upload.status(), upload.head() + upload.body());
            assertTrue(upload.body().contains("\"sha256\":\"" + sha256(data) + "\""), "a body nginx buffered, whole: " + upload.body());

            HttpProbe.Reply deferred = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/deferred?ms=100")));
            assertEquals(200, deferred.status(), deferred.head() + deferred.body());

            HttpProbe.Reply wrongMethod = HttpProbe.send(nginx.http, ServletNginx.forSite(ServletApps.get("/orders")));
            assertEquals(405, wrongMethod.status(), wrongMethod.head());

            String lines = nginx.accessLog(5, jgu.bounds.react());
            assertTrue(lines.contains("\"POST /orders HTTP/1.1\" 201") && lines.contains("\"POST /upload HTTP/1.1\" 200")
                    && lines.contains("\"GET /orders HTTP/1.1\" 405"), lines);
        }
    }
}
