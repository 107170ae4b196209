package dev.jgu.adapters.servlet.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpSession;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attribute classes that only the web app's loader sees, as in a WAR's WEB-INF/classes. */
class AttributeClassLoaderTest {

    @TempDir
    Path temp;

    private Workers workers;
    private Path classes;

    @BeforeEach
    void compileAnAppClass() throws Exception {
        workers = new Workers(temp.resolve("sessions"));
        Path source = temp.resolve("src/shop/Cart.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package shop;
                public class Cart implements java.io.Serializable {
                    private static final long serialVersionUID = 1L;
                    public final java.util.List<String> items = new java.util.ArrayList<>();
                }
                """);
        classes = temp.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), source.toString()));
    }

    @AfterEach
    void stop() {
        workers.close();
    }

    private URLClassLoader appLoader() throws Exception {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    @SuppressWarnings("unchecked")
    @Test
    void attributesResolveThroughTheAppsLoader() throws Exception {
        try (URLClassLoader firstApp = appLoader(); URLClassLoader secondApp = appLoader()) {
            Object cart = firstApp.loadClass("shop.Cart").getConstructor().newInstance();
            ((List<String>) cart.getClass().getField("items").get(cart)).add("apple");
            RequestSessions creating = workers.start(firstApp).forRequest(null, false, new Workers.Cookies());
            HttpSession session = creating.get(true);
            session.setAttribute("cart", cart);
            creating.finish();

            RequestSessions reading = workers.start(secondApp).forRequest(session.getId(), false, new Workers.Cookies());
            Object read = reading.get(false).getAttribute("cart");

            assertNotNull(read);
            assertSame(secondApp, read.getClass().getClassLoader());
            assertEquals(List.of("apple"), read.getClass().getField("items").get(read));
        }
    }

    @Test
    void attributeOfAVanishedClassIsDroppedWithOneLogLine() throws Exception {
        String id;
        try (URLClassLoader app = appLoader()) {
            RequestSessions creating = workers.start(app).forRequest(null, false, new Workers.Cookies());
            HttpSession session = creating.get(true);
            session.setAttribute("cart", app.loadClass("shop.Cart").getConstructor().newInstance());
            session.setAttribute("user", "alice");
            creating.finish();
            id = session.getId();
        }
        SessionManager redeployed = workers.start(getClass().getClassLoader());

        RequestSessions request = redeployed.forRequest(id, false, new Workers.Cookies());
        HttpSession session = request.get(false);

        assertNull(session.getAttribute("cart"));
        assertEquals("alice", session.getAttribute("user"));
        request.finish();
        assertEquals(1, workers.log.problems().size(), workers.log.problems().toString());
        String line = workers.log.problems().get(0);
        assertTrue(line.contains("name=cart") && line.contains("shop.Cart"), line);
        RequestSessions after = redeployed.forRequest(id, false, new Workers.Cookies());
        assertEquals(List.of("user"), Collections.list(after.get(false).getAttributeNames()));
    }
}
