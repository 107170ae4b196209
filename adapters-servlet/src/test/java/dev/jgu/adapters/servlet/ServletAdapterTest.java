package dev.jgu.adapters.servlet;

import dev.jgu.testing.RecordingLog;
import dev.jgu.testing.Wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.AppEnvironment;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Settings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the adapter accepts as an app, and how each is deployed: by class, with the class path as the web app, or by directory. */
class ServletAdapterTest {

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private final ServletAdapter adapter = new ServletAdapter();

    /** A servlet named as the app. */
    public static final class Echo extends HttpServlet {
        public Echo() {
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            java.io.File temp = (java.io.File) getServletContext().getAttribute(jakarta.servlet.ServletContext.TEMPDIR);
            resp.getWriter().print(req.getServletPath() + "|" + req.getPathInfo() + "|" + req.isAsyncSupported() + "|"
                    + temp.isDirectory());
        }
    }

    /** Counts requests in the session, as a login would be kept. */
    public static final class Counter extends HttpServlet {
        public Counter() {
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            HttpSession session = req.getSession();
            Integer count = (Integer) session.getAttribute("count");
            session.setAttribute("count", count == null ? 1 : count + 1);
            resp.getWriter().print(session.getAttribute("count") + " " + getServletContext().getInitParameter("shop"));
        }
    }

    private AppEnvironment env(ClassLoader loader, Map<String, String> values) {
        Settings settings = new Settings() {
            @Override
            public String get(String name) {
                return values.get(name);
            }

            @Override
            public Set<String> names() {
                return values.keySet();
            }
        };
        return new AppEnvironment(log, settings, loader, dir);
    }

    /** The test classes as the app's class path, as --classpath would give it. */
    private static URLClassLoader classPath() throws Exception {
        URL classes = ServletAdapterTest.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader("app", new URL[] {classes}, ServletAdapterTest.class.getClassLoader());
    }

    @Test
    void servesServletsInitializersAndTheClassesAnInitializerClaims() {
        assertTrue(adapter.serves(Echo.class));
        assertTrue(adapter.serves(ClaimingInitializer.class));
        assertTrue(adapter.serves(ClaimingInitializer.ShopModule.class), "claimed through @HandlesTypes");
        assertFalse(adapter.serves(ClaimingInitializer.Module.class), "the claimed type itself is not an app");
        assertFalse(adapter.serves(String.class));
        assertTrue(adapter.servesPath(dir), "a directory");
        assertFalse(adapter.servesPath(dir.resolve("app.jar")));
    }

    @Test
    void aServletNamedAsTheAppIsMappedAtTheRootWithTheClassPathsInitializers() throws Exception {
        try (URLClassLoader loader = classPath()) {
            Handler handler = adapter.adapt(new Echo(), env(loader, Map.of()));
            assertEquals("|/a/b|true|true", Wire.serve(handler, log, "GET /a/b HTTP/1.1\r\nHost: h\r\n\r\n").body());
            assertEquals("[ShopModule]", Wire.serve(handler, log, "GET /modules HTTP/1.1\r\nHost: h\r\n\r\n").body(),
                    "the initializer on the class path ran with the classes it claims");
            ((AutoCloseable) handler).close();
        }
    }

    @Test
    void aClaimedClassDeploysTheClassPathAsAWebApp() throws Exception {
        try (URLClassLoader loader = classPath()) {
            Handler handler = adapter.adapt(new ClaimingInitializer.ShopModule(), env(loader, Map.of()));
            assertEquals("[ShopModule]", Wire.serve(handler, log, "GET /modules HTTP/1.1\r\nHost: h\r\n\r\n").body());
            assertEquals(404, Wire.serve(handler, log, "GET /other HTTP/1.1\r\nHost: h\r\n\r\n").status(),
                    "the default servlet: no file there");
            ((AutoCloseable) handler).close();
        }
    }

    @Test
    void twoWorkersOfOneWebAppDirectoryShareTheirSessions() throws Exception {
        Path app = dir.resolve("app");
        Files.createDirectories(app.resolve("WEB-INF"));
        Files.writeString(app.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param><param-name>shop</param-name><param-value>north</param-value></context-param>
                  <servlet><servlet-name>counter</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>counter</servlet-name><url-pattern>/count</url-pattern></servlet-mapping>
                  <session-config><cookie-config><name>SHOP</name></cookie-config></session-config>
                </web-app>
                """.formatted(Counter.class.getName()));
        Map<String, String> settings = new HashMap<>(Map.of("session_dir", dir.resolve("sessions").toString(),
                "session_cookie_same_site", "Strict"));
        Handler first = adapter.adaptPath(app, env(getClass().getClassLoader(), settings));
        Handler second = adapter.adaptPath(app, env(getClass().getClassLoader(), settings));
        Wire.Result created = Wire.serve(first, log, "GET /count HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("1 north", created.body());
        Matcher cookie = Pattern.compile("Set-Cookie: SHOP=([A-Za-z0-9_-]+); Path=/; HttpOnly; SameSite=Strict\r\n").matcher(created.head());
        assertTrue(cookie.find(), created.head());
        String request = "GET /count HTTP/1.1\r\nHost: h\r\nCookie: SHOP=" + cookie.group(1) + "\r\n\r\n";
        assertEquals("2 north", Wire.serve(second, log, request).body(), "the other worker sees the session");
        assertEquals("3 north", Wire.serve(first, log, request).body());
        ((AutoCloseable) first).close();
        ((AutoCloseable) second).close();
    }
}
