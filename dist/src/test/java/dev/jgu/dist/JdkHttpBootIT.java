package dev.jgu.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An APP name jgu cannot serve ends it at start with exit 4 and one message saying what it accepts. */
class JdkHttpBootIT {

    @TempDir
    Path dir;

    @Test
    void aClassOfNoKnownKindExits4ListingWhatIsAccepted() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "java.lang.String"))) {
            assertEquals(4, jgu.awaitExit(Duration.ofSeconds(60)), jgu.err());
            String log = jgu.err();
            assertTrue(log.contains("app java.lang.String: class java.lang.String does not implement dev.jgu.spi.App"), log);
            // the adapters' own parts come in class-path order, so each is looked for by itself
            for (String accepted : List.of(
                    "jgu accepts, as a class with a public no-arg constructor or a static factory Class::method:"
                            + " a dev.jgu.spi.App, a dev.jgu.spi.Handler, ",
                    "a com.sun.net.httpserver.HttpHandler (served at context /)",
                    "a jakarta.servlet.Servlet (mapped at /*), a jakarta.servlet.ServletContainerInitializer, or a class an"
                            + " initializer's @HandlesTypes claims (a Spring WebApplicationInitializer, a JAX-RS Application)",
                    "; as Class::main: a main(String[]) that creates a com.sun.net.httpserver.HttpServer and adds"
                            + " contexts (served on jgu's sockets)",
                    "; as a path: a .war file, or a web app directory holding WEB-INF/")) {
                assertTrue(log.contains(accepted), accepted + "\n" + log);
            }
            assertEquals(1, JguProcess.count(log, "jgu accepts"), "one message, not one per worker:\n" + log);
        }
    }

    @Test
    void aMainThatStartsNoServerExits4() throws Exception {
        try (JguProcess jgu = JguProcess.start(dir, List.of("-w", "2", "-b", "127.0.0.1:0", "--classpath",
                JdkHttpChecks.appClasspath(), "dev.jgu.testapps.jdkhttp.NoServerMain::main"))) {
            assertEquals(4, jgu.awaitExit(Duration.ofSeconds(60)), jgu.err());
            assertTrue(jgu.err().contains("app dev.jgu.testapps.jdkhttp.NoServerMain::main: dev.jgu.testapps.jdkhttp"
                    + ".NoServerMain.main(String[]) returned without starting an HttpServer (created 0;"
                    + " HttpServer.start() was never called)"), jgu.err());
        }
    }
}
