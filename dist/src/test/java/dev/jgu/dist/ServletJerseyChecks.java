package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.jgu.dist.ServletApps.answeredBy;
import static dev.jgu.dist.ServletApps.header;
import static dev.jgu.dist.ServletApps.post;
import static dev.jgu.dist.ServletApps.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Jersey 4 shop as a WAR with no web.xml ({@code jgu ... jersey-shop.war}): Jersey's own
 * ServletContainerInitializer finds {@code @ApplicationPath("/api") ShopApplication} and mounts its
 * servlet, in two workers of one class. One arbiter serves every check of a class; the last check
 * stops it gracefully.
 */
abstract class ServletJerseyChecks extends ServletAppChecks {

    private static final long READ_MS = 30_000;



    /** @return whether the class keeps connections alive ({@code sync} closes after each response) */
    boolean keepsAlive() {
        return true;
    }


    @Override
    List<String> app() {
        return List.of(ServletApps.jerseyWar().toString());
    }


    @Test
    @Order(1)
    void jsonInAndOutThroughJackson() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(address, post("/api/shop/orders", "application/json",
                "{\"item\":\"widget\",\"quantity\":2,\"notes\":[\"gift\",\"fragile\"]}"));
        assertEquals(201, r.status(), r.head() + r.body());
        assertTrue(header(r.head(), "Content-Type").startsWith("application/json"), r.head());
        assertTrue(r.body().startsWith("{\"item\":\"widget\",\"quantity\":2,\"unitCents\":250,\"totalCents\":500,\"notes\":2,"
                + "\"worker\":"), r.body());
        answeredBy(r.body(), "worker", workers);

        HttpProbe.Reply price = HttpProbe.get(address, "/api/shop/prices/widget");
        assertEquals(200, price.status(), price.head() + price.body());
        assertTrue(header(price.head(), "Content-Type").startsWith("application/json"), price.head());
        // a Map: its fields come in an order of the JVM's own
        assertTrue(price.body().contains("\"item\":\"widget\"") && price.body().contains("\"cents\":250")
                && price.body().contains("\"self\":\"http://test/api/shop/prices/widget\""),
                "Jersey's base URI is the Host, the context path and the servlet path: " + price.body());
    }

    @Test
    @Order(1)
    void aFormPostReadThroughTheServletParameters() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(address, post("/api/shop/orders", "application/x-www-form-urlencoded",
                "item=gadget&quantity=3"));
        assertEquals(200, r.status(), r.head() + r.body());
        assertTrue(header(r.head(), "Content-Type").startsWith("text/plain"), r.head());
        assertEquals("ordered 3 x gadget = 5997 cents\n", r.body());
    }

    @Test
    @Order(1)
    void anExceptionMapperAnswers() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(address, post("/api/shop/orders", "application/json",
                "{\"item\":\"widget\",\"quantity\":11}"));
        assertEquals(409, r.status(), r.head() + r.body());
        assertTrue(header(r.head(), "Content-Type").startsWith("application/json"), r.head());
        assertTrue(r.body().contains("\"error\":\"only 10 widget left\"") && r.body().contains("\"item\":\"widget\"")
                && r.body().contains("\"available\":10"), r.body());
    }

    @Test
    @Order(1)
    void notFoundInsideAndOutsideTheResources() throws Exception {
        HttpProbe.Reply unknownItem = HttpProbe.get(address, "/api/shop/prices/nope");
        assertEquals(404, unknownItem.status(), unknownItem.head());
        HttpProbe.Reply unknownResource = HttpProbe.get(address, "/api/nope");
        assertEquals(404, unknownResource.status(), unknownResource.head());
        HttpProbe.Reply outsideTheServlet = HttpProbe.get(address, "/elsewhere");
        assertEquals(404, outsideTheServlet.status(), outsideTheServlet.head());
    }

    @Test
    @Order(1)
    void aBodyLargerThanTheResponseBufferIsChunked() throws Exception {
        HttpProbe.Reply r = HttpProbe.get(address, "/api/shop/catalog?lines=2000");
        assertEquals(200, r.status(), r.head());
        assertTrue(header(r.head(), "Content-Type").startsWith("text/plain"), r.head());
        assertEquals("chunked", header(r.head(), "Transfer-Encoding"), r.head());
        assertEquals(2000, r.body().lines().count());
        assertTrue(r.body().endsWith("line 1999 of the catalog\n"), r.body().substring(Math.max(0, r.body().length() - 200)));
    }

    @Test
    @Order(1)
    void aSuspendedRequestIsResumedOnAnotherThread() throws Exception {
        long start = System.nanoTime();
        HttpProbe.Reply r = HttpProbe.get(address, "/api/async/300");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.status(), r.head() + r.body() + "\nlog:\n" + jgu.err());
        assertTrue(header(r.head(), "Content-Type").startsWith("application/json"), r.head());
        assertTrue(r.body().contains("\"delayMs\":300"), r.body());
        assertNotEquals(string(r.body(), "requestThread"), string(r.body(), "resumeThread"), r.body());
        answeredBy(r.body(), "worker", workers);
        assertTrue(tookMs >= 300, "resumed after the delay, not before: " + tookMs + " ms");
    }

    @Test
    @Order(1)
    void oneConnectionCarriesBufferedChunkedAndResumedResponses() throws Exception {
        try (HttpConnection conn = HttpConnection.open(address)) {
            for (String target : List.of("/api/shop/prices/widget", "/api/shop/catalog?lines=1000", "/api/async/50",
                    "/api/shop/prices/gadget")) {
                HttpConnection.Response r = conn.exchange(HttpConnection.get(target), READ_MS);
                assertEquals(200, r.status(), target + ": " + r.head());
                if (!keepsAlive()) {
                    assertTrue(r.closes(), r.head());
                    return;
                }
                assertFalse(r.closes(), "kept alive after " + target + ": " + r.head());
            }
        }
    }

    @Test
    @Order(9)
    void termStopsGracefully() throws Exception {
        jgu.signal("TERM");
        assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        ServletApps.assertNoErrors(jgu);
    }
}
