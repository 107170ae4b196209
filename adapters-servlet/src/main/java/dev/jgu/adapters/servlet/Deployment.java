package dev.jgu.adapters.servlet;

import dev.jgu.adapters.servlet.webapp.WebAppDescriptor;
import dev.jgu.spi.Log;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a started {@link ServletContainer} from what a web app declares and what its
 * initializers register: the descriptor first (context params, listeners, servlets, filters,
 * mappings, error pages, session config), then each {@link ServletContainerInitializer} with
 * the classes its {@code @HandlesTypes} claims, then jgu's settings where they override, then
 * the start itself.
 */
final class Deployment {

    /**
     * An initializer and what it is given.
     *
     * @param initializer the initializer
     * @param classes the classes its {@code @HandlesTypes} matched, or null when it declares none
     */
    record Initializer(ServletContainerInitializer initializer, Set<Class<?>> classes) {
    }

    /**
     * What jgu's settings say about the app; null fields leave the web app's own choice.
     *
     * @param contextPath the context path, {@code ""} for the root
     * @param sessionTimeoutMinutes overrides session-timeout
     * @param cookieName overrides the cookie name
     * @param sameSite overrides SameSite ({@code unset} removes it)
     * @param secure overrides Secure: {@code auto}, {@code true}, {@code false}
     * @param httpOnly overrides HttpOnly
     */
    record Overrides(String contextPath, Integer sessionTimeoutMinutes, String cookieName, String sameSite, String secure,
                     Boolean httpOnly) {
        static Overrides none() {
            return new Overrides("", null, null, null, null, null);
        }
    }

    private Deployment() {
    }

    /**
     * @param descriptor what the app declares
     * @param initializers its initializers, in order
     * @param loader the web app's class loader
     * @param resources its files
     * @param overrides jgu's settings for it
     * @param log the worker's log
     * @return the container, configured but not started: the caller adds sessions and multipart, then {@link #start}s it
     * @throws ServletException when a declaration or an initializer fails; the message names it
     */
    static ServletContainer configure(WebAppDescriptor descriptor, List<Initializer> initializers, ClassLoader loader,
                                      Resources resources, Overrides overrides, Log log) throws ServletException {
        return configure(descriptor, initializers, loader, resources, overrides, log, Map.of());
    }

    /**
     * As {@link #configure(WebAppDescriptor, List, ClassLoader, Resources, Overrides, Log)}, with the
     * context attributes the container provides before any initializer runs (the spec's temp dir,
     * the ordered libs).
     */
    static ServletContainer configure(WebAppDescriptor descriptor, List<Initializer> initializers, ClassLoader loader,
                                      Resources resources, Overrides overrides, Log log, Map<String, Object> attributes)
            throws ServletException {
        if (!descriptor.unsupported().isEmpty()) {
            throw new ServletException("the web app uses what jgu does not support: " + String.join("; ", descriptor.unsupported()));
        }
        JguServletContext context = new JguServletContext(overrides.contextPath(), loader, resources, log, descriptor.displayName());
        ServletContainer container = new ServletContainer(context, log);
        attributes.forEach(context::setAttribute);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            declare(descriptor, context, container);
            for (Initializer i : initializers) {
                try {
                    i.initializer().onStartup(i.classes(), context);
                } catch (ServletException | RuntimeException | LinkageError e) {
                    throw new ServletException("ServletContainerInitializer " + i.initializer().getClass().getName()
                            + " failed: " + e, e);
                }
            }
            override(overrides, context);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return container;
    }

    /**
     * Starts a configured container: context listeners, filters and load-on-startup servlets.
     *
     * @param container from {@link #configure}
     * @param defaultServlet the servlet for {@code /} when the app maps none there
     */
    static void start(ServletContainer container, Servlet defaultServlet, String welcomeFiles) throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(container.context().getClassLoader());
        try {
            JguServletContext context = container.context();
            boolean mapped = context.servlets.values().stream().anyMatch(s -> s.mappings.contains("/"));
            if (!mapped && defaultServlet != null && !context.servlets.containsKey("default")) {
                ServletRegistration.Dynamic reg = context.addServlet("default", defaultServlet);
                reg.addMapping("/");
                reg.setInitParameter("welcomeFiles", welcomeFiles);
            }
            container.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void declare(WebAppDescriptor d, JguServletContext context, ServletContainer container) throws ServletException {
        d.contextParams().forEach(context::setInitParameter);
        d.mimeMappings().forEach((ext, type) -> context.mimeTypes.put(ext.toLowerCase(java.util.Locale.ROOT), type));
        context.localeEncodings.putAll(d.localeEncodings());
        if (d.requestCharacterEncoding() != null) {
            context.setRequestCharacterEncoding(d.requestCharacterEncoding());
        }
        if (d.responseCharacterEncoding() != null) {
            context.setResponseCharacterEncoding(d.responseCharacterEncoding());
        }
        WebAppDescriptor.SessionConfigDef session = d.sessionConfig();
        if (session != null) {
            JguSessionCookieConfig cookie = context.sessionCookieConfig;
            if (session.timeoutMinutes() != null) {
                context.setSessionTimeoutMinutes(session.timeoutMinutes());
            }
            if (session.cookieName() != null) {
                cookie.name = session.cookieName();
            }
            cookie.domain = session.cookieDomain() != null ? session.cookieDomain() : cookie.domain;
            cookie.path = session.cookiePath() != null ? session.cookiePath() : cookie.path;
            if (session.cookieHttpOnly() != null) {
                cookie.httpOnly = session.cookieHttpOnly();
            }
            if (session.cookieSecure() != null) {
                cookie.secure = session.cookieSecure();
            }
            if (session.cookieMaxAge() != null) {
                cookie.maxAge = session.cookieMaxAge();
            }
            if (session.cookieAttributes() != null) {
                cookie.attributes.putAll(session.cookieAttributes());
            }
            if (session.trackingModes() != null && session.trackingModes().stream().anyMatch(m -> !m.equalsIgnoreCase("COOKIE"))) {
                throw new ServletException("session-config tracking-mode " + session.trackingModes() + ": jgu tracks sessions by cookie only");
            }
        }
        for (String listener : d.listeners()) {
            try {
                context.addListener(listener);
            } catch (IllegalArgumentException e) {
                throw new ServletException("listener " + listener + ": " + e.getMessage(), e);
            }
        }
        for (WebAppDescriptor.ServletDef s : d.servlets()) {
            if (s.jspFile() != null) {
                throw new ServletException("servlet " + s.name() + " is the JSP " + s.jspFile() + ": jgu does not compile JSPs");
            }
            if (!s.enabled()) {
                context.log("servlet " + s.name() + " is declared enabled=false: not registered");
                continue;
            }
            ServletRegistration.Dynamic reg = context.addServlet(s.name(), s.className());
            if (reg == null) {
                throw new ServletException("servlet " + s.name() + " is declared twice");
            }
            reg.setInitParameters(s.initParams());
            if (s.loadOnStartup() != null) {
                reg.setLoadOnStartup(s.loadOnStartup());
            }
            reg.setAsyncSupported(s.asyncSupported());
            if (s.multipart() != null) {
                reg.setMultipartConfig(s.multipart());
            }
        }
        for (WebAppDescriptor.ServletMappingDef m : d.servletMappings()) {
            ServletReg reg = context.servlets.get(m.servletName());
            if (reg == null) {
                boolean disabled = d.servlets().stream().anyMatch(s -> s.name().equals(m.servletName()) && !s.enabled());
                if (disabled) {
                    continue;
                }
                throw new ServletException("servlet-mapping names servlet " + m.servletName() + ", which is not declared");
            }
            Set<String> conflicts = reg.addMapping(m.urlPatterns().toArray(String[]::new));
            if (!conflicts.isEmpty()) {
                throw new ServletException("servlet " + m.servletName() + ": url-patterns " + conflicts + " are already mapped to another servlet");
            }
        }
        for (WebAppDescriptor.FilterDef f : d.filters()) {
            FilterRegistration.Dynamic reg = context.addFilter(f.name(), f.className());
            if (reg == null) {
                throw new ServletException("filter " + f.name() + " is declared twice");
            }
            reg.setInitParameters(f.initParams());
            reg.setAsyncSupported(f.asyncSupported());
        }
        for (WebAppDescriptor.FilterMappingDef m : d.filterMappings()) {
            FilterReg reg = context.filters.get(m.filterName());
            if (reg == null) {
                throw new ServletException("filter-mapping names filter " + m.filterName() + ", which is not declared");
            }
            EnumSet<jakarta.servlet.DispatcherType> types = m.dispatcherTypes() == null || m.dispatcherTypes().isEmpty()
                    ? EnumSet.of(jakarta.servlet.DispatcherType.REQUEST) : EnumSet.copyOf(m.dispatcherTypes());
            context.addDeclaredFilterMapping(new FilterReg.Mapping(List.copyOf(m.urlPatterns()), List.copyOf(m.servletNames()), types, reg));
        }
        for (WebAppDescriptor.ErrorPageDef e : d.errorPages()) {
            if (!e.location().startsWith("/")) {
                throw new ServletException("error-page location " + e.location() + ": expected a path starting with /");
            }
            container.errorPages.add(e.errorCode(), e.exceptionType(), e.location());
        }
    }

    private static void override(Overrides o, JguServletContext context) {
        JguSessionCookieConfig cookie = context.sessionCookieConfig;
        if (o.sessionTimeoutMinutes() != null) {
            context.setSessionTimeoutMinutes(o.sessionTimeoutMinutes());
        }
        if (o.cookieName() != null) {
            cookie.name = o.cookieName();
        }
        if (o.sameSite() != null) {
            if (o.sameSite().equals("unset")) {
                cookie.attributes.remove("SameSite");
            } else {
                cookie.attributes.put("SameSite", o.sameSite());
            }
        }
        if (o.secure() != null) {
            cookie.secure = o.secure().equals("auto") ? null : Boolean.valueOf(o.secure());
        }
        if (o.httpOnly() != null) {
            cookie.httpOnly = o.httpOnly();
        }
    }

    /** @return the welcome files the default servlet tries, from web.xml or {@code index.html} */
    static String welcomeFiles(WebAppDescriptor d) {
        return d.welcomeFiles().isEmpty() ? "index.html" : String.join(",", d.welcomeFiles());
    }
}
