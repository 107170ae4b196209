package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.testing.RecordingLog;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebappClassLoaderTest {

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    /** A container loader that has its own Greeting and a resource the web app also has. */
    private URLClassLoader container() throws Exception {
        Path dir = tmp.resolve("container");
        TestApps.write(dir, TestApps.select(TestApps.compile(Map.of("com.example.shared.Greeting",
                "package com.example.shared;\npublic class Greeting { public static String text() { return \"from container\"; } }")),
                "", ""));
        TestApps.write(dir, TestApps.text("shared.txt", "container", "container-only.txt", "c"));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, TestApps.SERVLET_API_ONLY);
    }

    private Path app() {
        Path root = Fixtures.exploded(tmp.resolve("app"));
        TestApps.write(root, TestApps.select(Fixtures.classes(), "com/example/shared/", "WEB-INF/classes/"));
        TestApps.write(root, TestApps.select(Fixtures.classes(), "javax/", "WEB-INF/classes/"));
        TestApps.write(root, TestApps.text("WEB-INF/classes/shared.txt", "webapp",
                "WEB-INF/classes/order.txt", "classes"));
        TestApps.zip(root.resolve("WEB-INF/lib/a.jar"), TestApps.text("order.txt", "a.jar", "jar-order.txt", "a.jar"));
        TestApps.zip(root.resolve("WEB-INF/lib/b.jar"), TestApps.text("jar-order.txt", "b.jar"));
        return root;
    }

    @Test
    void loadsTheWebappsOwnClassBeforeTheParents() throws Exception {
        try (URLClassLoader parent = container();
             WebappClassLoader loader = WebappClassLoader.create(app(), parent, log)) {
            assertEquals("webapp", loader.getName());
            Class<?> greeting = loader.loadClass("com.example.shared.Greeting");
            assertSame(loader, greeting.getClassLoader());
            assertEquals("from webapp", greeting.getMethod("text").invoke(null));
            assertSame(loader, loader.loadClass("com.example.app.AppConfig").getClassLoader());
            assertSame(loader, loader.loadClass("com.example.lib.BaseConfig").getClassLoader());
        }
    }

    @Test
    void takesTheServletApiAndTheJdkFromTheParent() throws Exception {
        Path root = app();
        // Even a jakarta.servlet class of the app's own is never used.
        TestApps.write(root, TestApps.text("WEB-INF/classes/jakarta/servlet/Servlet.class", "not a class"));
        try (WebappClassLoader loader = WebappClassLoader.create(root, TestApps.SERVLET_API_ONLY, log)) {
            assertSame(jakarta.servlet.Servlet.class, loader.loadClass("jakarta.servlet.Servlet"));
            assertSame(jakarta.servlet.Servlet.class.getClassLoader(),
                    loader.loadClass("jakarta.servlet.http.HttpServlet").getClassLoader());
            assertSame(javax.xml.parsers.DocumentBuilder.class, loader.loadClass("javax.xml.parsers.DocumentBuilder"));
            assertSame(String.class, loader.loadClass("java.lang.String"));
            Class<?> servletClass = loader.loadClass("com.example.app.HelloServlet");
            assertTrue(jakarta.servlet.Servlet.class.isAssignableFrom(servletClass));
            assertSame(loader, loader.loadClass("javax.inject.Named").getClassLoader(), "javax.* the JDK lacks");
            assertEquals(jakarta.servlet.Servlet.class.getClassLoader().getResource("jakarta/servlet/Servlet.class"),
                    loader.getResource("jakarta/servlet/Servlet.class"));
        }
    }

    /** A container loader with an org.slf4j.LoggerFactory of its own, as jgu's lib/ has. */
    private URLClassLoader containerWithSlf4j() throws Exception {
        Path dir = tmp.resolve("container-slf4j");
        TestApps.write(dir, TestApps.select(TestApps.compile(Map.of("org.slf4j.LoggerFactory",
                "package org.slf4j;\npublic class LoggerFactory { public static String which() { return \"jgu\"; } }")), "", ""));
        TestApps.write(dir, TestApps.text("META-INF/services/org.slf4j.spi.SLF4JServiceProvider", "dev.jgu.logging.JguServiceProvider\n"));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, TestApps.SERVLET_API_ONLY);
    }

    /** The web app's own slf4j-api jar: the same class, answering otherwise. */
    private static Map<String, byte[]> webappSlf4jApi() {
        return TestApps.select(TestApps.compile(Map.of("org.slf4j.LoggerFactory",
                "package org.slf4j;\npublic class LoggerFactory { public static String which() { return \"webapp\"; } }")), "", "");
    }

    @Test
    void aWebappWithoutAnSlf4jBackendGetsJgusSlf4jEvenWithItsOwnApiJar() throws Exception {
        Path root = app();
        TestApps.zip(root.resolve("WEB-INF/lib/slf4j-api-2.0.16.jar"), webappSlf4jApi());
        try (URLClassLoader parent = containerWithSlf4j();
             WebappClassLoader loader = WebappClassLoader.create(root, parent, log)) {
            assertTrue(!loader.ownLogging());
            Class<?> factory = loader.loadClass("org.slf4j.LoggerFactory");
            assertSame(parent, factory.getClassLoader());
            assertEquals("jgu", factory.getMethod("which").invoke(null));
            assertEquals(Collections.list(parent.getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider")),
                    Collections.list(loader.getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider")));
        }
    }

    @Test
    void aWebappWithItsOwnSlf4jBackendKeepsItsOwnSlf4j() throws Exception {
        Path root = app();
        TestApps.zip(root.resolve("WEB-INF/lib/slf4j-api-2.0.16.jar"), webappSlf4jApi());
        TestApps.zip(root.resolve("WEB-INF/lib/logback-classic-1.5.20.jar"), TestApps.text(
                "META-INF/services/org.slf4j.spi.SLF4JServiceProvider", "ch.qos.logback.classic.spi.LogbackServiceProvider\n"));
        try (URLClassLoader parent = containerWithSlf4j();
             WebappClassLoader loader = WebappClassLoader.create(root, parent, log)) {
            assertTrue(loader.ownLogging());
            Class<?> factory = loader.loadClass("org.slf4j.LoggerFactory");
            assertSame(loader, factory.getClassLoader());
            assertEquals("webapp", factory.getMethod("which").invoke(null));
            assertTrue(loader.getResource("META-INF/services/org.slf4j.spi.SLF4JServiceProvider").toString()
                    .contains("logback-classic"), "the web app's own provider first");
            assertEquals(1, log.matching("brings an slf4j backend").size(), log.lines.toString());
        }
    }

    @Test
    void neverLoadsJgusOwnClassesFromTheWebapp() throws Exception {
        Path root = app();
        TestApps.write(root, TestApps.text("WEB-INF/classes/dev/jgu/spi/Log.class", "not a class"));
        try (WebappClassLoader loader = WebappClassLoader.create(root, TestApps.SERVLET_API_ONLY, log)) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.jgu.spi.Log"));
        }
    }

    @Test
    void ignoresLibProvided() throws Exception {
        Path root = app();
        TestApps.zip(root.resolve("WEB-INF/lib-provided/tomcat-embed-core.jar"),
                TestApps.select(Fixtures.classes(), "com/example/shared/", ""));
        Files.delete(root.resolve("WEB-INF/classes/com/example/shared/Greeting.class"));
        try (WebappClassLoader loader = WebappClassLoader.create(root, TestApps.SERVLET_API_ONLY, log)) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.example.shared.Greeting"));
            assertTrue(loader.roots().stream().noneMatch(p -> p.toString().contains("lib-provided")));
        }
    }

    @Test
    void skipsAJarThatBundlesTheServletApi() throws Exception {
        Path root = app();
        Map<String, byte[]> api = TestApps.select(Fixtures.classes(), "com/example/shared/", "");
        api.putAll(TestApps.text("jakarta/servlet/Servlet.class", "api"));
        TestApps.zip(root.resolve("WEB-INF/lib/jakarta.servlet-api-6.0.0.jar"), api);
        Files.delete(root.resolve("WEB-INF/classes/com/example/shared/Greeting.class"));
        try (WebappClassLoader loader = WebappClassLoader.create(root, TestApps.SERVLET_API_ONLY, log)) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.example.shared.Greeting"));
            List<String> lines = log.matching("jakarta.servlet-api-6.0.0.jar");
            assertEquals(1, lines.size(), log.lines.toString());
            assertTrue(lines.getFirst().contains("skipping jar=WEB-INF/lib/jakarta.servlet-api-6.0.0.jar"), lines.getFirst());
        }
    }

    @Test
    void looksInClassesThenJarsInNameOrder() throws Exception {
        try (WebappClassLoader loader = WebappClassLoader.create(app(), TestApps.SERVLET_API_ONLY, log)) {
            assertEquals("classes", read(loader.getResource("order.txt")));
            assertEquals("a.jar", read(loader.getResource("jar-order.txt")));
            assertEquals(List.of("a.jar", "b.jar", "lib.jar"),
                    loader.jars().stream().map(p -> p.getFileName().toString()).toList());
            assertEquals(Path.of(tmp.resolve("app/WEB-INF/classes").toString()), loader.roots().getFirst());
        }
    }

    @Test
    void getResourcesListsTheWebappsOwnFirst() throws Exception {
        try (URLClassLoader parent = container();
             WebappClassLoader loader = WebappClassLoader.create(app(), parent, log)) {
            List<String> shared = Collections.list(loader.getResources("shared.txt")).stream().map(this::read).toList();
            assertEquals(List.of("webapp", "container"), shared);
            assertEquals("webapp", read(loader.getResource("shared.txt")));
            assertEquals("c", read(loader.getResource("container-only.txt")));
            assertEquals(null, loader.ownResource("container-only.txt"));
        }
    }

    private String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
