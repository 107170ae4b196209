package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgu.spi.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds web apps for the tests: compiles fixture sources with the JDK's compiler (fixtures must
 * not live under {@code dev.jgu.}, which the web app loader always takes from its parent), writes
 * jars and wars, and gives the web app loader a parent that sees only the JDK and {@code
 * jakarta.servlet}, so fixture classes can only come from the web app.
 */
final class TestApps {

    private TestApps() {
    }

    /** A parent for web app loaders: the JDK plus the Servlet API, nothing of the test class path. */
    static final ClassLoader SERVLET_API_ONLY = new ClassLoader("servlet-api-only", ClassLoader.getPlatformClassLoader()) {
        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("jakarta.servlet.")) {
                return TestApps.class.getClassLoader().loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            return name.startsWith("jakarta/servlet/") ? TestApps.class.getClassLoader().getResource(name) : null;
        }
    };

    /**
     * Compiles sources against the Servlet API.
     *
     * @param sources fully-qualified class name to source
     * @return class file path (e.g. {@code com/example/A.class}) to bytes
     */
    static Map<String, byte[]> compile(Map<String, String> sources) {
        try {
            Path dir = Files.createTempDirectory("jgu-fixtures");
            Path src = dir.resolve("src");
            Path out = dir.resolve("out");
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "--release", "21",
                    "-cp", Path.of(jakarta.servlet.Servlet.class.getProtectionDomain().getCodeSource().getLocation()
                            .toURI()).toString()));
            for (Map.Entry<String, String> s : sources.entrySet()) {
                Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, s.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = javac.run(null, OutputStream.nullOutputStream(), errors, args.toArray(String[]::new));
            assertEquals(0, rc, "fixture compilation failed: " + errors);
            Map<String, byte[]> classes = new TreeMap<>();
            try (Stream<Path> files = Files.walk(out)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    classes.put(out.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the class files of {@code classes} whose path starts with {@code prefix}, keyed under {@code into} */
    static Map<String, byte[]> select(Map<String, byte[]> classes, String prefix, String into) {
        Map<String, byte[]> selected = new LinkedHashMap<>();
        classes.forEach((path, bytes) -> {
            if (path.startsWith(prefix)) {
                selected.put(into + path, bytes);
            }
        });
        return selected;
    }

    /** @return entries with text content */
    static Map<String, byte[]> text(String... pathsAndContents) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            entries.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    /** Writes a zip (jar or war) with the entries in order; names ending with / are directories. */
    static Path zip(Path file, Map<String, byte[]> entries) {
        return zip(file, entries, null);
    }

    /** Writes a zip whose entries all carry {@code time} (null: now). */
    static Path zip(Path file, Map<String, byte[]> entries, FileTime time) {
        try {
            Files.createDirectories(file.getParent());
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    if (time != null) {
                        entry.setLastModifiedTime(time);
                    }
                    zip.putNextEntry(entry);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes files under {@code dir}. */
    static void write(Path dir, Map<String, byte[]> entries) {
        try {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                Path file = dir.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
