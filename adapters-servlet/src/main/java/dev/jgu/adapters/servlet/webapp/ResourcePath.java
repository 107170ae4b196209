package dev.jgu.adapters.servlet.webapp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** Resource paths as {@code ServletContext.getResource} takes them, made safe to resolve. */
final class ResourcePath {

    private ResourcePath() {
    }

    /**
     * @param path a path starting with {@code /}
     * @return it with {@code .}, {@code ..} and empty segments resolved (a trailing {@code /}
     *     kept), or null when it does not start with {@code /}, holds a backslash or NUL, or its
     *     {@code ..} segments climb above the root
     */
    static String clean(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            switch (segment) {
                case "", "." -> { }
                case ".." -> {
                    if (segments.isEmpty()) {
                        return null;
                    }
                    segments.removeLast();
                }
                default -> segments.addLast(segment);
            }
        }
        String clean = "/" + String.join("/", segments);
        return path.endsWith("/") && !clean.endsWith("/") ? clean + "/" : clean;
    }

    /** @return the path with symbolic links resolved, or its absolute normal form when it does not exist */
    static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
