package dev.jgu.adapters.servlet.webapp;

import dev.jgu.spi.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the class scan of an unpacked WAR found, kept beside its directory so that the next
 * worker (a second worker, a HUP's new generation) skips the scan: an unpacked WAR never changes,
 * its directory name holds its content hash. Without it every worker JVM read every class of
 * every jar at boot (about a second for Spring Boot's 10,000 classes, several on a busy machine).
 *
 * <p>The file is text: a version line, then {@code annotated NAME} for each class bearing
 * {@code @WebServlet}, {@code @WebFilter} or {@code @WebListener}, then {@code handles TYPES NAME...}
 * for each {@code @HandlesTypes} value asked about (types comma-separated). An unreadable or
 * foreign file counts as absent; it is replaced atomically, so two workers writing at once leave
 * one whole file.
 */
final class ScanCache {

    private static final String VERSION = "jgu-scan 1";

    private final Path file;
    private Set<String> annotated;
    private final Map<String, List<String>> handles = new LinkedHashMap<>();
    private boolean dirty;

    private ScanCache(Path file) {
        this.file = file;
    }

    /** @return a cache that keeps nothing (an exploded directory can change between boots) */
    static ScanCache none() {
        return new ScanCache(null);
    }

    /**
     * @param file where the cache lives
     * @param log where an unreadable cache is named
     * @return what it holds; empty when absent or unreadable
     */
    static ScanCache load(Path file, Log log) {
        ScanCache cache = new ScanCache(file);
        if (!Files.isRegularFile(file)) {
            return cache;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(VERSION)) {
                log.info("scan-cache: ignoring file=" + file + " reason=\"not version " + VERSION + "\"");
                return cache;
            }
            Set<String> annotated = new LinkedHashSet<>();
            boolean sawAnnotated = false;
            for (String line : lines.subList(1, lines.size())) {
                String[] parts = line.split(" ");
                if (parts[0].equals("annotations")) {
                    sawAnnotated = true;
                } else if (parts[0].equals("annotated") && parts.length == 2) {
                    annotated.add(parts[1]);
                } else if (parts[0].equals("handles") && parts.length >= 2) {
                    cache.handles.put(parts[1], List.of(parts).subList(2, parts.length));
                }
            }
            cache.annotated = sawAnnotated ? annotated : null;
        } catch (IOException | RuntimeException e) {
            log.info("scan-cache: ignoring file=" + file + " reason=\"" + e + "\"");
            return new ScanCache(file);
        }
        return cache;
    }

    /** @return the annotated class names, or null when not known yet */
    Set<String> annotated() {
        return annotated;
    }

    void annotated(Set<String> names) {
        annotated = new LinkedHashSet<>(names);
        dirty = true;
    }

    /** @return the classes found for these {@code @HandlesTypes} types, or null when not known yet */
    List<String> handles(String types) {
        return handles.get(types);
    }

    void handles(String types, List<String> names) {
        handles.put(types, List.copyOf(names));
        dirty = true;
    }

    /** Writes what was learnt, when anything was and this cache has a file. */
    void save(Log log) {
        if (file == null || !dirty || annotated == null) {
            return;
        }
        StringBuilder out = new StringBuilder(VERSION).append('\n').append("annotations\n");
        annotated.forEach(n -> out.append("annotated ").append(n).append('\n'));
        handles.forEach((types, names) -> {
            out.append("handles ").append(types);
            names.forEach(n -> out.append(' ').append(n));
            out.append('\n');
        });
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dirty = false;
        } catch (IOException e) {
            log.warn("scan-cache: cannot write file=" + file + " error=\"" + e + "\"; the next worker scans again");
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temp file is in war_dir; nothing reads it
            }
        }
    }

    /** @return the names of a {@code @HandlesTypes} value, as a key */
    static String key(Class<?>[] types) {
        List<String> names = new ArrayList<>();
        for (Class<?> t : types) {
            names.add(t.getName());
        }
        return String.join(",", names);
    }
}
