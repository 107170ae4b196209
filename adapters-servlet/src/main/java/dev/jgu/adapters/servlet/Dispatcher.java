package dev.jgu.adapters.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RequestDispatcher} forward and include (spec 9), and the container's own error and
 * async dispatches. The request the app passes is handed on as it is (its wrappers stay); the
 * container's request under it takes the target's paths, mapping and dispatcher type for the
 * dispatch, and gets them back afterwards, so every wrapper that delegates sees the target's.
 */
final class Dispatcher implements RequestDispatcher {

    private final ServletContainer container;
    private final String path;
    private final String query;
    private final ServletReg named;

    private Dispatcher(ServletContainer container, String path, String query, ServletReg named) {
        this.container = container;
        this.path = path;
        this.query = query;
        this.named = named;
    }

    static Dispatcher of(ServletContainer container, String pathWithQuery) {
        int q = pathWithQuery.indexOf('?');
        String path = q < 0 ? pathWithQuery : pathWithQuery.substring(0, q);
        String query = q < 0 ? null : pathWithQuery.substring(q + 1);
        try {
            path = CanonicalPath.of(path);
        } catch (CanonicalPath.BadPath e) {
            throw new IllegalArgumentException("getRequestDispatcher(" + pathWithQuery + "): " + e.getMessage(), e);
        }
        return new Dispatcher(container, path, query, null);
    }

    static Dispatcher named(ServletContainer container, ServletReg servlet) {
        return new Dispatcher(container, null, null, servlet);
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        JguRequest base = ServletContainer.unwrap(request);
        if (base.response.isCommitted()) {
            throw new IllegalStateException("forward: the response is already committed");
        }
        base.response.resetBuffer();
        run(base, request, response, DispatcherType.FORWARD);
        if (!base.isAsyncStarted()) {
            base.response.close();
        }
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        JguRequest base = ServletContainer.unwrap(request);
        base.response.including++;
        try {
            run(base, request, response, DispatcherType.INCLUDE);
        } finally {
            base.response.including--;
        }
    }

    /** An error or async dispatch, by the container: failures become error pages, not exceptions. */
    void dispatch(JguRequest base, ServletRequest request, ServletResponse response, DispatcherType type) throws IOException {
        try {
            run(base, request, response, type);
        } catch (ServletException | RuntimeException e) {
            if (type == DispatcherType.ERROR) {
                container.log().error("servlet: the error page " + path + " failed", e);
                if (!base.response.isCommitted()) {
                    base.response.reset();
                    base.response.exchange().status(500);
                }
            } else {
                container.failed(base, request, response, e);
            }
        }
    }

    private void run(JguRequest base, ServletRequest request, ServletResponse response, DispatcherType type)
            throws ServletException, IOException {
        ServletMapper.Match<ServletReg> match;
        if (named != null) {
            match = new ServletMapper.Match<>(named, base.servletPath, base.pathInfo, base.mapping);
        } else {
            match = container.match(path);
            if (match == null) {
                throw new ServletException("no servlet is mapped to " + path + " (and no default servlet)");
            }
        }
        Saved saved = new Saved(base);
        Map<String, Object> previousAttributes = new HashMap<>();
        try {
            if (path != null) {
                if (type == DispatcherType.INCLUDE) {
                    setAll(base, previousAttributes, Map.of(
                            INCLUDE_REQUEST_URI, base.getContextPath() + path,
                            INCLUDE_CONTEXT_PATH, base.getContextPath(),
                            INCLUDE_SERVLET_PATH, match.servletPath(),
                            INCLUDE_MAPPING, match.mapping()));
                    setOrRemove(base, previousAttributes, INCLUDE_PATH_INFO, match.pathInfo());
                    setOrRemove(base, previousAttributes, INCLUDE_QUERY_STRING, query);
                } else {
                    if (type == DispatcherType.FORWARD && base.getAttribute(FORWARD_REQUEST_URI) == null) {
                        Map<String, Object> forward = new LinkedHashMap<>();
                        forward.put(FORWARD_REQUEST_URI, base.getRequestURI());
                        forward.put(FORWARD_CONTEXT_PATH, base.getContextPath());
                        forward.put(FORWARD_SERVLET_PATH, base.getServletPath());
                        forward.put(FORWARD_MAPPING, base.getHttpServletMapping());
                        setAll(base, previousAttributes, forward);
                        setOrRemove(base, previousAttributes, FORWARD_PATH_INFO, base.getPathInfo());
                        setOrRemove(base, previousAttributes, FORWARD_QUERY_STRING, base.getQueryString());
                    }
                    base.servletPath = match.servletPath();
                    base.pathInfo = match.pathInfo();
                    base.mapping = match.mapping();
                    base.uriOverride = base.getContextPath() + path;
                    if (query != null) {
                        base.queryOverride = query;
                    }
                }
                if (query != null && !query.isEmpty()) {
                    Map<String, List<String>> params = new LinkedHashMap<>();
                    FormData.parse(query, base.parameterCharset(), params);
                    if (base.dispatchParams != null) {
                        base.dispatchParams.forEach((k, v) -> params.computeIfAbsent(k, x -> new java.util.ArrayList<>()).addAll(v));
                    }
                    base.dispatchParams = params;
                }
            }
            base.servlet = match.target();
            base.dispatcherType = type;
            container.invoke(base, request, response, match.target(), path == null ? base.servletPath : path, type);
        } finally {
            if (type == DispatcherType.INCLUDE || type == DispatcherType.FORWARD) {
                saved.restore(base);
            }
            if (type == DispatcherType.INCLUDE) {
                previousAttributes.forEach((k, v) -> {
                    if (v == NONE) {
                        base.removeAttribute(k);
                    } else {
                        base.setAttribute(k, v);
                    }
                });
            }
        }
    }

    private static final Object NONE = new Object();

    private static void setAll(JguRequest base, Map<String, Object> previous, Map<String, Object> values) {
        values.forEach((k, v) -> setOrRemove(base, previous, k, v));
    }

    private static void setOrRemove(JguRequest base, Map<String, Object> previous, String name, Object value) {
        Object old = base.getAttribute(name);
        previous.putIfAbsent(name, old == null ? NONE : old);
        if (value == null) {
            base.removeAttribute(name);
        } else {
            base.setAttribute(name, value);
        }
    }

    /** The container request's dispatch state, put back when a dispatch returns. */
    private static final class Saved {
        private final ServletReg servlet;
        private final String servletPath;
        private final String pathInfo;
        private final HttpServletMapping mapping;
        private final DispatcherType type;
        private final String uri;
        private final String query;
        private final Map<String, List<String>> params;

        Saved(JguRequest r) {
            servlet = r.servlet;
            servletPath = r.servletPath;
            pathInfo = r.pathInfo;
            mapping = r.mapping;
            type = r.dispatcherType;
            uri = r.uriOverride;
            query = r.queryOverride;
            params = r.dispatchParams;
        }

        void restore(JguRequest r) {
            r.servlet = servlet;
            r.servletPath = servletPath;
            r.pathInfo = pathInfo;
            r.mapping = mapping;
            r.dispatcherType = type;
            r.uriOverride = uri;
            r.queryOverride = query;
            r.dispatchParams = params;
        }
    }
}
