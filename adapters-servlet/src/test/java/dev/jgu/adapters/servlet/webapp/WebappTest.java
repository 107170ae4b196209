package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.testing.RecordingLog;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebappTest {

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    private Webapp open(Path warOrDir) throws WebappException {
        return Webapp.open(warOrDir, tmp.resolve("unpack"), TestApps.SERVLET_API_ONLY, log);
    }

    /** An exploded app with files at the root, a resource jar and the library jar. */
    private Path app() {
        Path root = Fixtures.exploded(tmp.resolve("app"));
        TestApps.write(root, TestApps.text("index.html", "home", "css/site.css", "site", "WEB-INF/web.xml", "<web-app/>"));
        TestApps.zip(root.resolve("WEB-INF/lib/assets.jar"), TestApps.text(
                "META-INF/resources/js/app.js", "app", "META-INF/resources/js/vendor/lib.js", "lib",
                "META-INF/resources/index.html", "shadowed", "META-INF/resources/robots.txt", "robots"));
        return root;
    }

    @Test
    void opensAWarByUnpackingIt() throws Exception {
        Path root = app();
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                entries.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        Path war = TestApps.zip(tmp.resolve("shop.war"), entries);
        try (Webapp app = open(war)) {
            assertTrue(app.root().startsWith(tmp.resolve("unpack")), app.root().toString());
            assertTrue(app.root().getFileName().toString().startsWith("shop-"));
            assertEquals("home", read(app.resource("/index.html")));
            assertEquals(4, app.initializers().size());
        }
    }

    @Test
    void refusesADirectoryWithoutWebInf() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        WebappException e = assertThrows(WebappException.class, () -> open(dir));
        assertTrue(e.getMessage().contains("no WEB-INF/ inside"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        WebappException missing = assertThrows(WebappException.class, () -> open(tmp.resolve("nope")));
        assertTrue(missing.getMessage().contains("no such file or directory"), missing.getMessage());
    }

    @Test
    void findsResourcesUnderTheRootThenInJars() throws Exception {
        try (Webapp app = open(app())) {
            assertEquals("home", read(app.resource("/index.html")), "the root wins over META-INF/resources");
            assertEquals("app", read(app.resource("/js/app.js")));
            assertEquals("lib", read(app.resource("/js/vendor/lib.js")));
            assertEquals("site", read(app.resource("/css/../css/site.css")));
            assertTrue(read(app.resource("/WEB-INF/web.xml")).contains("web-app"));
            assertNull(app.resource("/missing.txt"));
            assertNull(app.resource("index.html"), "paths start with /");
        }
    }

    @Test
    void neverEscapesTheRoot() throws Exception {
        Path root = app();
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        try (Webapp app = open(root)) {
            assertNull(app.resource("/../secret.txt"));
            assertNull(app.resource("/css/../../secret.txt"));
            assertNull(app.resource("/..\\secret.txt"));
            assertNull(app.resourcePaths("/../"));
            assertNull(app.realPath("/../secret.txt"));
        }
    }

    @Test
    void listsDirectChildrenLikeGetResourcePaths() throws Exception {
        try (Webapp app = open(app())) {
            assertEquals(Set.of("/index.html", "/css/", "/WEB-INF/", "/js/", "/robots.txt"), app.resourcePaths("/"));
            assertEquals(Set.of("/js/app.js", "/js/vendor/"), app.resourcePaths("/js/"));
            assertEquals(Set.of("/js/app.js", "/js/vendor/"), app.resourcePaths("/js"));
            assertEquals(Set.of("/WEB-INF/classes/", "/WEB-INF/lib/", "/WEB-INF/web.xml"), app.resourcePaths("/WEB-INF/"));
            assertNull(app.resourcePaths("/nothing/"));
        }
    }

    @Test
    void realPathMapsUnderTheRoot() throws Exception {
        Path root = app();
        try (Webapp app = open(root)) {
            assertEquals(root.resolve("css/site.css").toString(), app.realPath("/css/site.css"));
            assertEquals(root.toString(), Path.of(app.realPath("/")).toString());
        }
    }

    @Test
    void reportsJspFilesAsUnsupported() throws Exception {
        Path root = app();
        TestApps.write(root, TestApps.text("WEB-INF/views/home.jsp", "<%= 1 %>"));
        try (Webapp app = open(root)) {
            assertEquals(List.of("JSP files (e.g. WEB-INF/views/home.jsp): jgu does not compile JSPs"),
                    app.descriptor().unsupported());
        }
    }

    @Test
    void refusesAMappingForAnUnknownServlet() {
        Path root = app();
        TestApps.write(root, TestApps.text("WEB-INF/web.xml", """
                <web-app>
                  <servlet-mapping><servlet-name>ghost</servlet-name><url-pattern>/x</url-pattern></servlet-mapping>
                </web-app>
                """));
        WebappException e = assertThrows(WebappException.class, () -> open(root));
        assertTrue(e.getMessage().startsWith("WEB-INF/web.xml line 2: <servlet-mapping> for <servlet-name>ghost"),
                e.getMessage());
    }

    @Test
    void refusesAMappingForAnUnknownFilter() {
        Path root = app();
        TestApps.write(root, TestApps.text("WEB-INF/web.xml",
                "<web-app>\n<filter-mapping><filter-name>ghost</filter-name><url-pattern>/*</url-pattern>"
                        + "</filter-mapping></web-app>"));
        WebappException e = assertThrows(WebappException.class, () -> open(root));
        assertTrue(e.getMessage().startsWith("WEB-INF/web.xml line 2: <filter-mapping> for <filter-name>ghost"),
                e.getMessage());
    }

    @Test
    void instantiatesInitializersClassesFirstThenJarsInOrder() throws Exception {
        try (Webapp app = open(app())) {
            assertEquals(List.of("com.example.app.ServletSci", "com.example.lib.LibSci", "com.example.lib.PlainSci",
                    "com.example.lib.UnusedSci"), app.initializers().stream().map(s -> s.getClass().getName()).toList());
            assertTrue(app.initializers().stream().allMatch(s -> s.getClass().getClassLoader() == app.loader()));
            assertNull(app.orderedLibs());
        }
    }

    @Test
    void fragmentOrderDecidesInitializerOrder() throws Exception {
        Path root = app();
        // z.jar asks to go first: its initializer then runs before lib.jar's.
        TestApps.zip(root.resolve("WEB-INF/lib/z.jar"), TestApps.text(
                "META-INF/web-fragment.xml", "<web-fragment><name>z</name><ordering><before><others/></before>"
                        + "</ordering></web-fragment>",
                "META-INF/services/jakarta.servlet.ServletContainerInitializer", "com.example.app.ServletSci\n"));
        TestApps.write(root, TestApps.text("WEB-INF/classes/META-INF/services/jakarta.servlet.ServletContainerInitializer",
                ""));
        try (Webapp app = open(root)) {
            assertEquals(List.of("z.jar", "assets.jar", "lib.jar"), app.orderedLibs());
            assertEquals("com.example.app.ServletSci", app.initializers().getFirst().getClass().getName());
        }
    }

    @Test
    void namesABrokenInitializer() {
        Path root = app();
        TestApps.write(root, TestApps.text("WEB-INF/classes/META-INF/services/jakarta.servlet.ServletContainerInitializer",
                "com.example.app.BrokenSci\n"));
        WebappException e = assertThrows(WebappException.class, () -> open(root));
        assertTrue(e.getMessage().contains("WEB-INF/classes!/META-INF/services/jakarta.servlet.ServletContainerInitializer:"
                + " com.example.app.BrokenSci: cannot instantiate"), e.getMessage());
        assertTrue(e.getMessage().contains("no database"), e.getMessage());
    }

    @Test
    void closeClosesTheLoader() throws Exception {
        Webapp app = open(app());
        ClassLoader loader = app.loader();
        app.close();
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.example.app.MarkedType"));
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
