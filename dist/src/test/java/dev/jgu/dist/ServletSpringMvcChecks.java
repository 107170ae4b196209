package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.jgu.dist.ServletApps.answeredBy;
import static dev.jgu.dist.ServletApps.header;
import static dev.jgu.dist.ServletApps.post;
import static dev.jgu.dist.ServletApps.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Web MVC 6 without Boot, started by its {@code WebApplicationInitializer}
 * ({@code dev.jgu.testapps.springmvc.WebInit}, which SpringServletContainerInitializer is handed),
 * in two workers of one class: JSON both ways through Jackson, a form and query strings in UTF-8,
 * Spring's own 404, 405 and 415, a multipart upload within and over the servlet's
 * {@code MultipartConfig}, and a {@code DeferredResult}. The subclass names the app (a WAR, or the
 * class with its jars on {@code --classpath}); one arbiter serves every check of a class; the last
 * check stops it gracefully, which runs the root context's {@code contextDestroyed}.
 */
abstract class ServletSpringMvcChecks extends ServletAppChecks {

    private static final int READ_MS = 30_000;
    private static final String BOUNDARY = "jgu-test-boundary-7MA4YWxkTrZu0gW";






    @Test
    @Order(1)
    void aQueryParameterAndJsonOut() throws Exception {
        HttpProbe.Reply r = HttpProbe.get(address, "/hello?name=jgu");
        assertEquals(200, r.status(), r.head() + r.body());
        assertTrue(header(r.head(), "Content-Type").startsWith("application/json"), r.head());
        assertTrue(r.body().contains("\"message\":\"hello jgu\""), r.body());
        answeredBy(r.body(), "worker", workers);
    }

    @Test
    @Order(1)
    void jsonInAndOutThroughJackson() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(address, post("/orders", "application/json", "{\"item\":\"widget\",\"quantity\":3}"));
        assertEquals(201, r.status(), r.head() + r.body());
        assertTrue(header(r.head(), "Content-Type").startsWith("application/json"), r.head());
        assertTrue(r.body().startsWith("{\"item\":\"widget\",\"quantity\":3,\"totalCents\":750,\"worker\":"), r.body());
        answeredBy(r.body(), "worker", workers);
    }

    @Test
    @Order(1)
    void aUtf8FormWithoutACharsetReadThroughTheFilter() throws Exception {
        HttpProbe.Reply r = HttpProbe.send(address, post("/form", "application/x-www-form-urlencoded", "name=Zo%C3%AB&quantity=2"));
        assertEquals(200, r.status(), r.head() + r.body());
        String json = utf8(r.body());
        assertTrue(json.contains("\"name\":\"Zoë\"") && json.contains("\"quantity\":2") && json.contains("\"codePoints\":3"), json);
    }

    @Test
    @Order(1)
    void aUtf8QueryStringAsJsonAndAsText() throws Exception {
        String query = "?text=Gr%C3%BC%C3%9Fe%20%E6%97%A5%E6%9C%AC";
        HttpProbe.Reply json = HttpProbe.get(address, "/echo" + query);
        assertEquals(200, json.status(), json.head() + json.body());
        assertTrue(utf8(json.body()).contains("\"text\":\"Grüße 日本\"") && json.body().contains("\"codePoints\":8"),
                utf8(json.body()));

        HttpProbe.Reply text = HttpProbe.get(address, "/echo/text" + query);
        assertEquals(200, text.status(), text.head() + text.body());
        assertEquals("text/plain;charset=utf-8", header(text.head(), "Content-Type").replace(" ", "").toLowerCase(), text.head());
        assertEquals("Grüße 日本\n", utf8(text.body()));
    }

    @Test
    @Order(1)
    void springsOwnErrors() throws Exception {
        HttpProbe.Reply missing = HttpProbe.get(address, "/nope");
        assertEquals(404, missing.status(), missing.head() + missing.body());

        HttpProbe.Reply wrongMethod = HttpProbe.get(address, "/orders");
        assertEquals(405, wrongMethod.status(), wrongMethod.head() + wrongMethod.body());
        assertEquals("POST", header(wrongMethod.head(), "Allow"), wrongMethod.head());

        HttpProbe.Reply wrongType = HttpProbe.send(address, post("/orders", "text/plain", "widget x 3"));
        assertEquals(415, wrongType.status(), wrongType.head() + wrongType.body());
    }

    @Test
    @Order(1)
    void aMultipartUploadWithinTheLimit() throws Exception {
        byte[] data = bytes(100 * 1024, 1);
        HttpProbe.Reply r = HttpProbe.send(address, upload(data));
        assertEquals(200, r.status(), r.head() + r.body() + "\nlog:\n" + jgu.err());
        assertTrue(r.body().contains("\"name\":\"file\"") && r.body().contains("\"filename\":\"data.bin\"")
                && r.body().contains("\"size\":102400") && r.body().contains("\"sha256\":\"" + sha256(data) + "\""), r.body());
    }

    @Test
    @Order(1)
    void aFileOverTheMultipartConfigsMaxFileSizeIs413() throws Exception {
        String request = upload(bytes(1536 * 1024, 2));
        String raw = exchangeWhileSending(address, request);
        assertTrue(raw.startsWith("HTTP/1.1 413 "), "1.5 MiB over the 1 MiB max-file-size: "
                + raw.substring(0, Math.min(raw.length(), 500)) + "\nlog:\n" + jgu.err());
    }

    @Test
    @Order(1)
    void aDeferredResultCompletedOnAnotherThread() throws Exception {
        long start = System.nanoTime();
        HttpProbe.Reply r = HttpProbe.get(address, "/deferred?ms=300");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.status(), r.head() + r.body() + "\nlog:\n" + jgu.err());
        assertTrue(r.body().contains("\"delayMs\":300") && r.body().contains("\"resultThread\":\"deferred-results\""), r.body());
        answeredBy(r.body(), "worker", workers);
        assertTrue(tookMs >= 300, "completed after the delay, not before: " + tookMs + " ms");
    }

    @Test
    @Order(9)
    void termStopsGracefully() throws Exception {
        jgu.signal("TERM");
        assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
        ServletApps.assertNoErrors(jgu);
    }

    /** {@code n} bytes of every value, CR, LF and dashes among them, the same for the same seed. */
    static byte[] bytes(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** {@code POST /upload} with {@code data} as the part {@code file}. */
    static String upload(byte[] data) {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + new String(data, StandardCharsets.ISO_8859_1)
                + "\r\n--" + BOUNDARY + "--\r\n";
        return post("/upload", "multipart/form-data; boundary=" + BOUNDARY, body);
    }

    /**
     * Sends {@code request} on one thread while reading the response on this one, until the server
     * closes: a server may answer a body it refuses before reading all of it, as a browser's upload
     * then sees. Returns what arrived (a reset after a whole response is a close too).
     */
    static String exchangeWhileSending(String address, String request) throws Exception {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), READ_MS);
            socket.setSoTimeout(READ_MS);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException refused) {
                    // the server closed its side after answering: what it answered is what the test checks
                }
            });
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no close within " + READ_MS + " ms; got: " + got.toString(StandardCharsets.ISO_8859_1), e);
            } catch (IOException reset) {
                if (got.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") < 0) {
                    throw new AssertionError("reset before a response head; got: " + got.toString(StandardCharsets.ISO_8859_1), reset);
                }
            }
            socket.close();
            sending.get(READ_MS, TimeUnit.MILLISECONDS);
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
