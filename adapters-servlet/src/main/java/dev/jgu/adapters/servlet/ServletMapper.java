package dev.jgu.adapters.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Servlet spec's mapping rules (12.1, 12.2) from a context-relative path to a servlet: an
 * exact match first, then the longest path prefix ({@code /a/*}), then an extension
 * ({@code *.do}, on the last segment), then the default servlet ({@code /}). The empty pattern
 * {@code ""} matches the context root exactly. Built once at start-up; lookups are lock-free.
 *
 * @param <S> what a pattern maps to (a servlet registration)
 */
final class ServletMapper<S> {

    /**
     * A lookup's answer.
     *
     * @param target what the pattern maps to
     * @param servletPath {@code getServletPath()}
     * @param pathInfo {@code getPathInfo()}, or null
     * @param mapping {@code getHttpServletMapping()}
     */
    record Match<S>(S target, String servletPath, String pathInfo, HttpServletMapping mapping) {
    }

    private final Map<String, Entry<S>> exact = new HashMap<>();
    private final List<Entry<S>> prefixes = new ArrayList<>();
    private final Map<String, Entry<S>> extensions = new HashMap<>();
    private Entry<S> contextRoot;
    private Entry<S> defaultServlet;

    private record Entry<S>(String pattern, String servletName, S target) {
    }

    /**
     * Adds a url pattern.
     *
     * @param pattern as declared
     * @param servletName the servlet's name, for {@link HttpServletMapping}
     * @param target what it maps to
     * @return false when the pattern is already mapped (the spec makes that a deployment error)
     * @throws IllegalArgumentException when the pattern is not one of the spec's forms
     */
    boolean add(String pattern, String servletName, S target) {
        Entry<S> entry = new Entry<>(pattern, servletName, target);
        if (pattern.isEmpty()) {
            if (contextRoot != null) {
                return false;
            }
            contextRoot = entry;
            return true;
        }
        if (pattern.equals("/")) {
            if (defaultServlet != null) {
                return false;
            }
            defaultServlet = entry;
            return true;
        }
        if (pattern.startsWith("*.")) {
            String ext = pattern.substring(2);
            if (ext.isEmpty() || ext.contains("/")) {
                throw new IllegalArgumentException("url-pattern " + pattern + ": expected *.EXTENSION without a /");
            }
            return extensions.putIfAbsent(ext, entry) == null;
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("url-pattern " + pattern
                    + ": expected /exact, /prefix/*, *.extension, / or the empty string");
        }
        if (pattern.endsWith("/*")) {
            if (prefixes.stream().anyMatch(e -> e.pattern.equals(pattern))) {
                return false;
            }
            prefixes.add(entry);
            prefixes.sort(Comparator.comparingInt((Entry<S> e) -> e.pattern.length()).reversed());
            return true;
        }
        if (pattern.contains("*")) {
            throw new IllegalArgumentException("url-pattern " + pattern + ": a * is allowed only as /prefix/* or *.extension");
        }
        return exact.putIfAbsent(pattern, entry) == null;
    }

    /** @return whether a default servlet ({@code /}) is mapped */
    boolean hasDefault() {
        return defaultServlet != null;
    }

    /**
     * Finds the servlet for a path.
     *
     * @param path the canonical context-relative path: empty for the context root, else starting with {@code /}
     * @return the match, or null when nothing matches (no default servlet)
     */
    Match<S> match(String path) {
        if (path.isEmpty() || path.equals("/")) {
            if (contextRoot != null) {
                return new Match<>(contextRoot.target, "", "/", mapping("", contextRoot, MappingMatch.CONTEXT_ROOT));
            }
            if (path.isEmpty()) {
                path = "/";
            }
        }
        Entry<S> e = exact.get(path);
        if (e != null) {
            return new Match<>(e.target, path, null, mapping(path.substring(1), e, MappingMatch.EXACT));
        }
        for (Entry<S> p : prefixes) {
            String base = p.pattern.substring(0, p.pattern.length() - 2);
            if (path.equals(base) || path.startsWith(base) && path.charAt(base.length()) == '/') {
                String info = path.length() == base.length() ? null : path.substring(base.length());
                String value = info == null ? "" : info.substring(1);
                return new Match<>(p.target, base, info, mapping(value, p, MappingMatch.PATH));
            }
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot > slash) {
            Entry<S> x = extensions.get(path.substring(dot + 1));
            if (x != null) {
                return new Match<>(x.target, path, null, mapping(path.substring(1, dot), x, MappingMatch.EXTENSION));
            }
        }
        if (defaultServlet != null) {
            return new Match<>(defaultServlet.target, path, null, mapping("", defaultServlet, MappingMatch.DEFAULT));
        }
        return null;
    }

    private static HttpServletMapping mapping(String matchValue, Entry<?> entry, MappingMatch match) {
        return new Mapping(matchValue, entry.pattern, entry.servletName, match);
    }

    /** An immutable {@link HttpServletMapping}. */
    record Mapping(String getMatchValue, String getPattern, String getServletName, MappingMatch getMappingMatch)
            implements HttpServletMapping {
    }
}
