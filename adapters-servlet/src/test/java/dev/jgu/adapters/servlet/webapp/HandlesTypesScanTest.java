package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.testing.RecordingLog;
import jakarta.servlet.ServletContainerInitializer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlesTypesScanTest {

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    private static ServletContainerInitializer sci(Webapp app, String className) {
        return app.initializers().stream().filter(s -> s.getClass().getName().equals(className)).findFirst()
                .orElseThrow(() -> new AssertionError(className + " not in " + app.initializers()));
    }

    private static Set<String> names(Set<Class<?>> classes) {
        Set<String> names = new TreeSet<>();
        classes.forEach(c -> names.add(c.getName()));
        return names;
    }

    @Test
    void findsSubtypesThroughALibraryJarAndAnnotatedClasses() throws Exception {
        try (Webapp app = Webapp.open(Fixtures.exploded(tmp.resolve("app")), tmp.resolve("u"),
                TestApps.SERVLET_API_ONLY, log)) {
            Set<Class<?>> found = app.handlesTypes(sci(app, "com.example.lib.LibSci"));
            assertEquals(Set.of("com.example.lib.BaseConfig", "com.example.app.AppConfig", "com.example.app.DirectInit",
                    "com.example.app.SubInterface", "com.example.app.MarkedType", "com.example.app.MarkedMethod",
                    "com.example.app.MarkedField"), names(found));
            for (Class<?> c : found) {
                assertSame(app.loader(), c.getClassLoader(), c.getName());
            }
        }
    }

    @Test
    void aSecondOpenOfTheSameWarAnswersFromTheScanCache() throws Exception {
        Path exploded = Fixtures.exploded(tmp.resolve("app"));
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var files = java.nio.file.Files.walk(exploded)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                entries.put(exploded.relativize(f).toString(), java.nio.file.Files.readAllBytes(f));
            }
        }
        Path war = TestApps.zip(tmp.resolve("app.war"), entries);
        Set<String> first;
        WebAppDescriptor firstDescriptor;
        try (Webapp app = Webapp.open(war, tmp.resolve("u"), TestApps.SERVLET_API_ONLY, log)) {
            first = names(app.handlesTypes(sci(app, "com.example.lib.LibSci")));
            firstDescriptor = app.descriptor();
            app.startupComplete();
        }
        assertTrue(log.matching("scan-cache").isEmpty(), "the first worker scans: " + log.lines);
        try (var cached = java.nio.file.Files.list(tmp.resolve("u"))) {
            assertEquals(1, cached.filter(p -> p.getFileName().toString().endsWith(".scan")).count(), "a .scan beside the unpacked WAR");
        }
        try (Webapp app = Webapp.open(war, tmp.resolve("u"), TestApps.SERVLET_API_ONLY, log)) {
            assertEquals(1, log.matching("scan-cache: annotated=").size(), log.lines.toString());
            assertEquals(first, names(app.handlesTypes(sci(app, "com.example.lib.LibSci"))));
            assertEquals(shown(firstDescriptor), shown(app.descriptor()));
            assertEquals(firstDescriptor.servletMappings(), app.descriptor().servletMappings());
            for (Class<?> c : app.handlesTypes(sci(app, "com.example.lib.LibSci"))) {
                assertSame(app.loader(), c.getClassLoader(), c.getName());
            }
        }
    }

    /** The servlets as text, a multipart config by its values (the element has no equals). */
    private static List<String> shown(WebAppDescriptor d) {
        return d.servlets().stream().map(s -> s.name() + " " + s.className() + " " + s.initParams() + " " + s.loadOnStartup()
                + " " + s.asyncSupported() + " " + (s.multipart() == null ? "-" : s.multipart().getLocation() + "/"
                + s.multipart().getMaxFileSize() + "/" + s.multipart().getMaxRequestSize() + "/"
                + s.multipart().getFileSizeThreshold())).toList();
    }

    @Test
    void skipsAClassThatFailsToLoadWithOneLogLine() throws Exception {
        try (Webapp app = Webapp.open(Fixtures.exploded(tmp.resolve("app")), tmp.resolve("u"),
                TestApps.SERVLET_API_ONLY, log)) {
            app.handlesTypes(sci(app, "com.example.lib.LibSci"));
            List<String> lines = log.matching("com.example.app.Broken");
            assertEquals(1, lines.size(), log.lines.toString());
            assertTrue(lines.getFirst().contains("NoClassDefFoundError"), lines.getFirst());
            assertTrue(lines.getFirst().contains("com/example/lib/Gone"), lines.getFirst());
        }
    }

    @Test
    void followsSupertypesTheScanDidNotRead() throws Exception {
        // HelloServlet extends the container's HttpServlet, which is outside the scan.
        try (Webapp app = Webapp.open(Fixtures.exploded(tmp.resolve("app")), tmp.resolve("u"),
                TestApps.SERVLET_API_ONLY, log)) {
            assertEquals(Set.of("com.example.app.HelloServlet", "com.example.app.DefaultNamedServlet",
                    "com.example.lib.LibServlet"), names(app.handlesTypes(sci(app, "com.example.app.ServletSci"))));
        }
    }

    @Test
    void givesNullWithoutHandlesTypesAndEmptyWhenNothingMatches() throws Exception {
        try (Webapp app = Webapp.open(Fixtures.exploded(tmp.resolve("app")), tmp.resolve("u"),
                TestApps.SERVLET_API_ONLY, log)) {
            assertNull(app.handlesTypes(sci(app, "com.example.lib.PlainSci")));
            assertEquals(Set.of(), app.handlesTypes(sci(app, "com.example.lib.UnusedSci")));
        }
    }

    @Test
    void answersFromTheCacheAfterStartupAndRefusesNewQuestions() throws Exception {
        try (Webapp app = Webapp.open(Fixtures.exploded(tmp.resolve("app")), tmp.resolve("u"),
                TestApps.SERVLET_API_ONLY, log)) {
            ServletContainerInitializer lib = sci(app, "com.example.lib.LibSci");
            Set<Class<?>> before = app.handlesTypes(lib);
            app.startupComplete();
            assertSame(before, app.handlesTypes(lib));
            assertThrows(IllegalStateException.class, () -> app.handlesTypes(sci(app, "com.example.app.ServletSci")));
        }
    }

    @Test
    void scansAClassPathAppAsAWhole() throws Exception {
        Path classes = tmp.resolve("cp/classes");
        TestApps.write(classes, Fixtures.pkg("com/example/app/", ""));
        Path lib = Fixtures.libJar(tmp.resolve("cp/lib.jar"), "META-INF/resources/app.js", "js");
        try (URLClassLoader appLoader = new URLClassLoader(new URL[] {classes.toUri().toURL(), lib.toUri().toURL()},
                TestApps.SERVLET_API_ONLY);
             Webapp app = Webapp.ofClasspath(appLoader, List.of(classes, lib), log)) {
            assertNull(app.root());
            assertSame(appLoader, app.loader());
            assertEquals(List.of("com.example.lib.LibSci", "com.example.lib.PlainSci", "com.example.lib.UnusedSci"),
                    app.initializers().stream().map(s -> s.getClass().getName()).toList());
            assertTrue(names(app.handlesTypes(app.initializers().getFirst())).contains("com.example.app.AppConfig"));
            assertTrue(app.descriptor().servlets().stream().anyMatch(s -> s.name().equals("hello")));
            assertEquals("js", new String(app.resource("/app.js").openStream().readAllBytes()));
            assertEquals(Set.of("/app.js"), app.resourcePaths("/"));
            assertNull(app.realPath("/app.js"));
        }
    }
}
