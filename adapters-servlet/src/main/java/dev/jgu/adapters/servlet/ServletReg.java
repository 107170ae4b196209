package dev.jgu.adapters.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.MultipartConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A servlet: its registration, and its one instance, created and initialised at start-up when
 * it has a load-on-startup, else on its first request.
 */
final class ServletReg extends Registration implements ServletRegistration.Dynamic, ServletConfig {

    private Servlet instance;
    private volatile Servlet ready;
    final List<String> mappings = new ArrayList<>();
    int loadOnStartup = -1;
    MultipartConfigElement multipart;
    private Throwable failed;

    ServletReg(JguServletContext context, String name, String className, Servlet instance) {
        super(context, name, className);
        this.instance = instance;
    }

    @Override
    public Set<String> addMapping(String... urlPatterns) {
        context.checkNotStarted("addMapping");
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("servlet " + name + ": addMapping needs at least one url pattern");
        }
        Set<String> conflicts = new LinkedHashSet<>();
        for (String pattern : urlPatterns) {
            ServletReg other = context.servletMappedTo(pattern);
            if (other != null && other != this) {
                conflicts.add(pattern);
            }
        }
        if (conflicts.isEmpty()) {
            for (String pattern : urlPatterns) {
                if (!mappings.contains(pattern)) {
                    mappings.add(pattern);
                }
            }
        }
        return conflicts;
    }

    @Override
    public Collection<String> getMappings() {
        return Collections.unmodifiableList(mappings);
    }

    @Override
    public String getRunAsRole() {
        return null;
    }

    @Override
    public void setLoadOnStartup(int loadOnStartup) {
        context.checkNotStarted("setLoadOnStartup");
        this.loadOnStartup = loadOnStartup;
    }

    @Override
    public Set<String> setServletSecurity(ServletSecurityElement constraint) {
        throw context.unsupported("ServletRegistration.setServletSecurity (servlet " + name + ")",
                "jgu enforces no security constraints; put authentication in a filter or in the proxy");
    }

    @Override
    public void setMultipartConfig(MultipartConfigElement multipartConfig) {
        context.checkNotStarted("setMultipartConfig");
        this.multipart = multipartConfig;
    }

    @Override
    public void setRunAsRole(String roleName) {
        throw context.unsupported("ServletRegistration.setRunAsRole (servlet " + name + ")", "jgu has no security roles");
    }

    // ServletConfig

    @Override
    public String getServletName() {
        return name;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParams.keySet());
    }

    /**
     * The initialised servlet, creating it on first use.
     *
     * @return the servlet
     * @throws ServletException when it cannot be created or its init failed (then every request to it fails)
     */
    Servlet servlet() throws ServletException {
        Servlet s = ready;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (ready != null) {
                return ready;
            }
            if (failed != null) {
                throw new ServletException("servlet " + name + " failed to start: " + failed, failed);
            }
            try {
                if (instance == null) {
                    instance = context.newInstance(className, Servlet.class, "servlet " + name);
                }
                if (multipart == null) {
                    MultipartConfig annotation = instance.getClass().getAnnotation(MultipartConfig.class);
                    if (annotation != null) {
                        multipart = new MultipartConfigElement(annotation);
                    }
                }
                ClassLoader previous = Thread.currentThread().getContextClassLoader();
                Thread.currentThread().setContextClassLoader(context.getClassLoader());
                try {
                    instance.init(this);
                } finally {
                    Thread.currentThread().setContextClassLoader(previous);
                }
                ready = instance;
                return instance;
            } catch (ServletException | RuntimeException | LinkageError e) {
                failed = e;
                throw e instanceof ServletException se ? se : new ServletException("servlet " + name + " failed to start: " + e, e);
            }
        }
    }

    /** Calls destroy once, when the servlet was initialised. */
    synchronized void destroy() {
        if (ready != null) {
            try {
                ready.destroy();
            } catch (RuntimeException | LinkageError e) {
                context.log("servlet " + name + ": destroy failed", e);
            }
            ready = null;
        }
    }
}
