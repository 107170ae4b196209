package dev.jgu.adapters.servlet.webapp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The paths under {@code META-INF/resources/} of a web app's jars (Servlet spec 4.6), indexed once
 * so {@code getResourcePaths} need not open every jar per call. Paths start with {@code /};
 * directories end with {@code /}.
 */
final class JarResources {

    private static final String PREFIX = "META-INF/resources/";

    private final NavigableSet<String> paths = new TreeSet<>();

    /**
     * @param roots jars and class directories
     * @throws WebappException when a jar cannot be read
     */
    JarResources(Iterable<Path> roots) throws WebappException {
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    indexDirectory(root.resolve(PREFIX));
                } else if (Files.isRegularFile(root)) {
                    indexJar(root);
                }
            } catch (IOException e) {
                throw new WebappException(root + ": cannot list META-INF/resources: " + e, e);
            }
        }
    }

    /** @return every indexed path, files and directories */
    Set<String> paths() {
        return paths;
    }

    /**
     * @param dir a directory path ending with {@code /}
     * @return its direct children
     */
    Set<String> children(String dir) {
        Set<String> children = new TreeSet<>();
        for (String p : paths.tailSet(dir, false)) {
            if (!p.startsWith(dir)) {
                break;
            }
            int slash = p.indexOf('/', dir.length());
            children.add(slash < 0 ? p : p.substring(0, slash + 1));
        }
        return children;
    }

    private void indexJar(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !name.contains("..")) {
                    add("/" + name.substring(PREFIX.length()));
                }
            }
        }
    }

    private void indexDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.skip(1).toList()) {
                String relative = dir.relativize(p).toString().replace('\\', '/');
                add("/" + relative + (Files.isDirectory(p) ? "/" : ""));
            }
        }
    }

    private void add(String path) {
        paths.add(path);
        for (int slash = path.indexOf('/', 1); slash > 0 && slash < path.length() - 1;
             slash = path.indexOf('/', slash + 1)) {
            paths.add(path.substring(0, slash + 1));
        }
    }
}
