package dev.jgu.adapters.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters that apply to a dispatch (spec 6.2.4): first those whose url pattern matches the
 * path, in mapping order, then those mapped to the servlet's name, each for the dispatch types it
 * was mapped with.
 */
final class ChainFactory {

    private final List<FilterReg.Mapping> mappings;

    ChainFactory(List<FilterReg.Mapping> mappings) {
        this.mappings = List.copyOf(mappings);
    }

    /**
     * @param path the context-relative path
     * @param servletName the target servlet
     * @param type the dispatch type
     * @return the filters, in order (a filter appears once even when several of its mappings match)
     */
    List<FilterReg> filters(String path, String servletName, DispatcherType type) {
        if (mappings.isEmpty()) {
            return List.of();
        }
        List<FilterReg> chain = new ArrayList<>();
        for (FilterReg.Mapping m : mappings) {
            if (m.types().contains(type) && !chain.contains(m.filter())) {
                for (String pattern : m.urlPatterns()) {
                    if (matches(pattern, path)) {
                        chain.add(m.filter());
                        break;
                    }
                }
            }
        }
        for (FilterReg.Mapping m : mappings) {
            if (m.types().contains(type) && !chain.contains(m.filter())
                    && (m.servletNames().contains(servletName) || m.servletNames().contains("*"))) {
                chain.add(m.filter());
            }
        }
        return chain;
    }

    /** A filter url pattern against a path, by the servlet mapping forms. */
    static boolean matches(String pattern, String path) {
        if (pattern.equals("/*") || pattern.equals("/")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return path.equals(base) || path.startsWith(base) && path.length() > base.length() && path.charAt(base.length()) == '/';
        }
        if (pattern.startsWith("*.")) {
            int slash = path.lastIndexOf('/');
            return path.endsWith(pattern.substring(1)) && path.lastIndexOf('.') > slash;
        }
        if (pattern.isEmpty()) {
            return path.equals("/") || path.isEmpty();
        }
        return pattern.equals(path);
    }

    /** Runs the filters, then the servlet. */
    static final class Chain implements FilterChain {
        private final List<FilterReg> filters;
        private final Servlet servlet;
        private int next;

        Chain(List<FilterReg> filters, Servlet servlet) {
            this.filters = filters;
            this.servlet = servlet;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
            if (next < filters.size()) {
                Filter f = filters.get(next++).filter();
                f.doFilter(request, response, this);
            } else {
                servlet.service(request, response);
            }
        }
    }
}
