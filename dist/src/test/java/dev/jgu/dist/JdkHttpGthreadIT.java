package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jersey's jdk-http container and a plain HttpHandler under {@code gthread} workers; and the
 * Jersey app named as an HttpHandler factory ({@code JerseyMain::handler}, Jersey's
 * ContainerFactory) instead of a main.
 */
class JdkHttpGthreadIT extends JdkHttpChecks {

    @Override
    String workerClass() {
        return "gthread";
    }

    @Test
    @Order(2)
    void jerseyAsAnHttpHandlerFactory() throws Exception {
        try (JguProcess factory = JguProcess.start(Files.createDirectories(dir.resolve("factory")), List.of("-k", "gthread",
                "-w", "1", "-b", "127.0.0.1:0", "--timeout", BOOT_TIMEOUT, "--classpath", appClasspath(),
                "dev.jgu.testapps.jdkhttp.JerseyMain::handler"))) {
            String address = factory.listeners(1).get(0);
            awaitReady(factory, 1);
            HttpProbe.Reply r = HttpProbe.send(address, post("/shop/orders", "application/json",
                    "{\"item\":\"widget\",\"quantity\":1}"));
            assertEquals(201, r.status(), r.head() + r.body());
            assertTrue(r.body().contains("\"totalCents\":250"), r.body());
            assertEquals(404, HttpProbe.get(address, "/api/shop/prices/widget").status(), "served at /, not /api/");
        }
    }
}
