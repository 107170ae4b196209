package dev.jgu.adapters.servlet;

import dev.jgu.spi.Exchange;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Log;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * One started web app, served as a jgu {@link Handler}: each request is canonicalised, mapped to
 * a servlet, run through its filters, and finished with the error page, the async completion and
 * the session save it calls for. Closing it destroys the servlets and filters and tells the
 * context listeners, in reverse order.
 */
final class ServletContainer implements Handler, AutoCloseable {

    private final JguServletContext context;
    private final Log log;
    private final ServletMapper<ServletReg> mapper = new ServletMapper<>();
    final ErrorPages errorPages = new ErrorPages();
    private ChainFactory chains;
    private final List<ServletContextListener> initialized = new ArrayList<>();
    final ExecutorService asyncExecutor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jgu-async-", 1).factory());
    MultipartSupport multipart;
    /** Makes the session view of a request; the default has none. */
    Function<JguRequest, SessionSupport> sessions = r -> SessionSupport.NONE;
    private Runnable onClose = () -> { };

    ServletContainer(JguServletContext context, Log log) {
        this.context = context;
        this.log = log;
        context.container = this;
    }

    JguServletContext context() {
        return context;
    }

    void onClose(Runnable action) {
        Runnable previous = onClose;
        onClose = () -> {
            action.run();
            previous.run();
        };
    }

    /**
     * Ends configuration: context listeners run, mappings and filter chains are fixed, filters and
     * load-on-startup servlets start.
     *
     * @throws ServletException when a listener, filter or servlet fails to start, or two servlets claim one pattern
     */
    void start() throws ServletException {
        ServletContextEvent event = new ServletContextEvent(context);
        for (ServletContextListener l : context.listeners(ServletContextListener.class)) {
            l.contextInitialized(event);
            initialized.add(l);
        }
        for (ServletReg reg : context.servlets.values()) {
            if (reg.className == null) {
                throw new ServletException("servlet " + reg.name + " was declared without a class");
            }
            for (String pattern : reg.mappings) {
                try {
                    if (!mapper.add(pattern, reg.name, reg)) {
                        throw new ServletException("url-pattern " + pattern + " of servlet " + reg.name
                                + " is already mapped to another servlet");
                    }
                } catch (IllegalArgumentException e) {
                    throw new ServletException("servlet " + reg.name + ": " + e.getMessage(), e);
                }
            }
        }
        for (FilterReg.Mapping m : context.filterMappings()) {
            for (String name : m.servletNames()) {
                if (!name.equals("*") && !context.servlets.containsKey(name)) {
                    throw new ServletException("filter " + m.filter().name + " is mapped to servlet " + name + ", which does not exist");
                }
            }
        }
        chains = new ChainFactory(context.filterMappings());
        context.state(JguServletContext.State.STARTED);
        for (FilterReg f : context.filters.values()) {
            f.start();
        }
        List<ServletReg> eager = new ArrayList<>();
        for (ServletReg s : context.servlets.values()) {
            if (s.loadOnStartup >= 0) {
                eager.add(s);
            }
        }
        eager.sort(java.util.Comparator.comparingInt(s -> s.loadOnStartup));
        for (ServletReg s : eager) {
            s.servlet();
        }
    }

    @Override
    public void close() {
        context.state(JguServletContext.State.STOPPED);
        List<ServletReg> servlets = new ArrayList<>(context.servlets.values());
        Collections.reverse(servlets);
        servlets.forEach(ServletReg::destroy);
        List<FilterReg> filters = new ArrayList<>(context.filters.values());
        Collections.reverse(filters);
        filters.forEach(FilterReg::destroy);
        ServletContextEvent event = new ServletContextEvent(context);
        for (int i = initialized.size() - 1; i >= 0; i--) {
            try {
                initialized.get(i).contextDestroyed(event);
            } catch (RuntimeException | LinkageError e) {
                log.error("servlet: contextDestroyed of " + initialized.get(i).getClass().getName() + " failed", e);
            }
        }
        asyncExecutor.shutdownNow();
        onClose.run();
    }

    // --- requests ---

    @Override
    public void handle(Exchange exchange) throws Exception {
        String path;
        try {
            path = CanonicalPath.of(exchange.request().rawPath());
        } catch (CanonicalPath.BadPath e) {
            plain(exchange, 400, "Bad Request: " + e.getMessage());
            return;
        }
        String contextPath = context.getContextPath();
        if (!contextPath.isEmpty()) {
            if (path.equals(contextPath)) {
                String q = exchange.request().query();
                exchange.status(302);
                exchange.headers().set("Location", exchange.request().rawPath() + "/" + (q.isEmpty() ? "" : "?" + q));
                return;
            }
            if (!path.startsWith(contextPath + "/")) {
                plain(exchange, 404, "Not Found: no web app at this path");
                return;
            }
            path = path.substring(contextPath.length());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(context.getClassLoader());
        JguRequest request = new JguRequest(exchange.request(), context, this);
        JguResponse response = new JguResponse(exchange, context, () -> request.getRequestURL().toString(), request.isSecure());
        request.response = response;
        List<ServletRequestListener> requestListeners = context.listeners(ServletRequestListener.class);
        try {
            request.sessions = sessions.apply(request);
            ServletRequestEvent event = requestListeners.isEmpty() ? null : new ServletRequestEvent(context, request);
            for (ServletRequestListener l : requestListeners) {
                l.requestInitialized(event);
            }
            try {
                dispatch(request, request, response, path, DispatcherType.REQUEST);
                if (request.async != null) {
                    request.async.runUntilDone();
                }
            } finally {
                for (int i = requestListeners.size() - 1; i >= 0; i--) {
                    requestListeners.get(i).requestDestroyed(event);
                }
            }
        } finally {
            try {
                request.sessions.finish();
            } catch (RuntimeException e) {
                log.error("servlet: saving the session of " + exchange.request().method() + " " + exchange.request().rawPath() + " failed", e);
            }
            if (request.parsedParts() != null && multipart != null) {
                multipart.cleanup(request.parsedParts());
            }
            thread.setContextClassLoader(previous);
        }
        response.close();
    }

    private static void plain(Exchange exchange, int status, String text) throws IOException {
        exchange.status(status);
        exchange.headers().set("Content-Type", "text/plain; charset=utf-8");
        exchange.body().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Maps a context-relative path and runs its chain; the errors it ends with become error pages.
     *
     * @param base the container's request under any wrappers
     * @param request what the app passes along (itself or a wrapper)
     */
    void dispatch(JguRequest base, ServletRequest request, ServletResponse response, String path, DispatcherType type)
            throws IOException {
        ServletMapper.Match<ServletReg> match = mapper.match(path);
        if (match == null) {
            base.response.sendError(404);
            errorPage(base, request, response, null);
            return;
        }
        base.servlet = match.target();
        base.servletPath = match.servletPath();
        base.pathInfo = match.pathInfo();
        base.mapping = match.mapping();
        base.dispatcherType = type;
        try {
            invoke(base, request, response, match.target(), path, type);
        } catch (Throwable failure) {
            failed(base, request, response, failure);
            return;
        }
        if (base.response.errorSent() && !base.isAsyncStarted()) {
            errorPage(base, request, response, null);
        }
    }

    /** Runs the filters for this dispatch, then the servlet. */
    void invoke(JguRequest base, ServletRequest request, ServletResponse response, ServletReg target, String path,
                DispatcherType type) throws IOException, ServletException {
        List<FilterReg> filters = chains.filters(path, target.name, type);
        boolean async = target.asyncSupported;
        for (FilterReg f : filters) {
            async &= f.asyncSupported;
        }
        boolean previousAsync = base.asyncSupported;
        base.asyncSupported = async;
        try {
            new ChainFactory.Chain(filters, target.servlet()).doFilter(request, response);
        } finally {
            if (type != DispatcherType.REQUEST && type != DispatcherType.ASYNC) {
                base.asyncSupported = previousAsync;
            }
        }
    }

    /** What a servlet threw: logged, then its error page or a 500, unless the response was committed (then the connection ends). */
    void failed(JguRequest base, ServletRequest request, ServletResponse response, Throwable failure) throws IOException {
        if (base.bodyFailure() != null && !base.response.isCommitted()) {
            // the request's body was bad or too large: the codec answers that (400, 413) and closes
            throw base.bodyFailure();
        }
        Request wire = new Request(base);
        log.error("servlet " + (base.servlet == null ? "?" : base.servlet.name) + " failed on " + wire, failure);
        if (base.response.isCommitted()) {
            throw new IOException("servlet failed after the response was committed: " + failure, failure);
        }
        base.response.reset();
        base.response.exchange().status(failure instanceof UnavailableException ? 503 : 500);
        errorPage(base, request, response, failure);
    }

    private record Request(JguRequest r) {
        @Override
        public String toString() {
            return r.getMethod() + " " + r.wire().uri();
        }
    }

    /** The error page for a status set by sendError, or for a failure; the container's own when the app has none. */
    void errorPage(JguRequest base, ServletRequest request, ServletResponse response, Throwable failure) throws IOException {
        int status = base.response.getStatus();
        String message = failure != null ? failure.getMessage() : base.response.errorMessage();
        base.response.clearError();
        String page = failure != null ? errorPages.forException(failure) : null;
        if (page == null) {
            page = errorPages.forStatus(status);
        }
        if (page != null && base.dispatcherType != DispatcherType.ERROR) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put(RequestDispatcher.ERROR_STATUS_CODE, status);
            attributes.put(RequestDispatcher.ERROR_MESSAGE, message == null ? "" : message);
            attributes.put(RequestDispatcher.ERROR_REQUEST_URI, base.getRequestURI());
            attributes.put(RequestDispatcher.ERROR_METHOD, base.getMethod());
            if (base.getQueryString() != null) {
                attributes.put(RequestDispatcher.ERROR_QUERY_STRING, base.getQueryString());
            }
            if (base.servlet != null) {
                attributes.put(RequestDispatcher.ERROR_SERVLET_NAME, base.servlet.name);
            }
            if (failure != null) {
                Throwable cause = failure instanceof ServletException se && se.getRootCause() != null ? se.getRootCause() : failure;
                attributes.put(RequestDispatcher.ERROR_EXCEPTION, cause);
                attributes.put(RequestDispatcher.ERROR_EXCEPTION_TYPE, cause.getClass());
            }
            attributes.forEach(base::setAttribute);
            base.response.resetBuffer();
            Dispatcher.of(this, page).dispatch(base, request, response, DispatcherType.ERROR);
            return;
        }
        if (base.response.isCommitted()) {
            return;
        }
        base.response.resetBuffer();
        base.response.setContentType("text/html;charset=utf-8");
        String reason = Reason.of(status);
        String body = "<!doctype html><html><head><title>" + status + " " + reason + "</title></head><body><h1>"
                + status + " " + reason + "</h1>" + (message == null || message.isEmpty() ? "" : "<p>" + Html.escape(message) + "</p>")
                + "</body></html>\n";
        base.response.rawBody().write(body.getBytes(StandardCharsets.UTF_8));
    }

    // --- dispatchers ---

    RequestDispatcher dispatcher(String pathWithQuery) {
        return Dispatcher.of(this, pathWithQuery);
    }

    RequestDispatcher namedDispatcher(String name) {
        ServletReg reg = context.servlets.get(name);
        return reg == null ? null : Dispatcher.named(this, reg);
    }

    ServletMapper.Match<ServletReg> match(String path) {
        return mapper.match(path);
    }

    /** Finds the container's request under the app's wrappers. */
    static JguRequest unwrap(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper w) {
            r = w.getRequest();
        }
        if (r instanceof JguRequest j) {
            return j;
        }
        throw new IllegalArgumentException("the request passed is not one jgu created, nor a wrapper of one: " + request.getClass().getName());
    }

    // --- async ---

    AsyncContext startAsync(JguRequest base, ServletRequest request, ServletResponse response) {
        if (base.async == null) {
            base.async = new JguAsyncContext(this, base, request, response);
        } else {
            base.async.restart(request, response);
        }
        return base.async;
    }

    Log log() {
        return log;
    }

    /** Holder of short reason phrases for the container's own error pages. */
    static final class Reason {
        private static final Map<Integer, String> PHRASES = new HashMap<>(Map.ofEntries(
                Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
                Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
                Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(413, "Content Too Large"),
                Map.entry(415, "Unsupported Media Type"), Map.entry(422, "Unprocessable Content"),
                Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable")));

        static String of(int status) {
            return PHRASES.getOrDefault(status, "Error");
        }
    }

    /** Escapes text for the container's own HTML error pages. */
    static final class Html {
        static String escape(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }
}
