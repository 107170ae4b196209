package dev.jgu.adapters.jdkhttp;

import dev.jgu.testing.RecordingLog;
import dev.jgu.testing.Wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.jgu.spi.Handler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** A Class::main app: its HttpServer binds nothing, its contexts are served; what cannot be served fails the boot. */
@Isolated("installs the JVM-wide HttpServerProvider")
class MainBootTest {

    private final RecordingLog log = new RecordingLog();

    static final HttpHandler HELLO = ex -> {
        byte[] b = ("hello from " + ex.getHttpContext().getPath()).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    };

    /** The usual main: create, add a context, start, then block until stopped (as Jersey's examples do). */
    public static final class Blocking {
        static final CountDownLatch FOREVER = new CountDownLatch(1);

        public static void main(String[] args) throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0);
            server.createContext("/api/", HELLO);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            FOREVER.await();
        }
    }

    /** A main that ends with stop, as one waiting for Enter on a stdin at EOF. */
    public static final class Returning {
        static final CountDownLatch RETURNED = new CountDownLatch(1);

        public static void main(String[] args) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(9000), 0, "/", HELLO);
            server.start();
            server.stop(0);
            RETURNED.countDown();
        }
    }

    public static final class NeverStarts {
        public static void main(String[] args) throws IOException {
            HttpServer.create(new InetSocketAddress(8080), 0).createContext("/", HELLO);
        }
    }

    public static final class NoContext {
        public static void main(String[] args) throws IOException {
            HttpServer.create(new InetSocketAddress(8080), 0).start();
        }
    }

    public static final class Throws {
        public static void main(String[] args) {
            throw new IllegalStateException("database URL not configured");
        }
    }

    public static final class Https {
        public static void main(String[] args) throws IOException {
            HttpsServer.create(new InetSocketAddress(8443), 0);
        }
    }

    public static final class TwoRoots {
        static final CountDownLatch RETURNED = new CountDownLatch(1);

        public static void main(String[] args) throws IOException {
            HttpServer.create(new InetSocketAddress(8080), 0, "/", HELLO).start();
            HttpServer.create(new InetSocketAddress(8081), 0, "/", ex -> {
                throw new AssertionError("shadowed");
            }).start();
            RETURNED.countDown();
        }
    }

    private Handler boot(Class<?> app) throws Exception {
        return new JdkHttpAdapter().runMain(app.getMethod("main", String[].class),
                new dev.jgu.spi.AppEnvironment(log, null, app.getClassLoader(), java.nio.file.Path.of("/tmp")));
    }

    private String get(Handler handler, String path) throws IOException {
        return Wire.serve(handler, log, "GET " + path + " HTTP/1.1\r\n\r\n").body();
    }

    @Test
    void aMainThatBlocksAfterStartIsServedOnJgusSockets() throws Exception {
        Handler handler = boot(Blocking.class);
        assertEquals("hello from /api/", get(handler, "/api/x"));
        assertTrue(get(handler, "/").startsWith("404 No context found"), "only its contexts");
        assertTrue(log.contains("HttpServer.bind(/0.0.0.0:8080) opens no socket"), log.lines.toString());
        assertTrue(log.contains("setExecutor(java.util.concurrent.ThreadPoolExecutor) is kept but not used"), log.lines.toString());
        assertTrue(log.contains("serving contexts [/api/] (main still runs)"), log.lines.toString());
        assertEquals(JguHttpServerProvider.class.getName(), System.getProperty("com.sun.net.httpserver.HttpServerProvider"));
    }

    @Test
    void aMainThatReturnsOrStopsItsServerKeepsBeingServed() throws Exception {
        Handler handler = boot(Returning.class);
        assertTrue(Returning.RETURNED.await(30, TimeUnit.SECONDS));
        assertEquals("hello from /", get(handler, "/"));
        assertTrue(log.contains("WARN jdk-http: HttpServer.stop(0) ignored"), log.lines.toString());
    }

    @Test
    void aPathTwoServersHaveIsTheFirstOnesAndSaidSo() throws Exception {
        Handler handler = boot(TwoRoots.class);
        assertTrue(TwoRoots.RETURNED.await(30, TimeUnit.SECONDS));
        assertEquals("hello from /", get(handler, "/"));
        assertTrue(log.contains("ERROR jdk-http: two started HttpServers have context / (the later one asked for"
                + " 0.0.0.0/0.0.0.0:8081)"), log.lines.toString());
    }

    @Test
    void whatCannotBeServedFailsTheBootNamingWhy() {
        assertEquals(Blocking.class.getName().replace("Blocking", "NeverStarts") + ".main(String[]) returned without"
                + " starting an HttpServer (created 1; HttpServer.start() was never called)", failure(NeverStarts.class));
        assertTrue(failure(NoContext.class).endsWith("returned without a context on its started HttpServer (createContext)"),
                failure(NoContext.class));
        assertTrue(failure(Throws.class).endsWith(
                "threw java.lang.IllegalStateException: database URL not configured"), failure(Throws.class));
        assertTrue(failure(Https.class).contains("HttpsServer is not supported"), failure(Https.class));
    }

    private String failure(Class<?> app) {
        return assertThrows(Exception.class, () -> boot(app)).getMessage();
    }
}
