package dev.jgu.adapters.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;

/** A filter: its registration, its mappings, and its one instance, initialised at start-up. */
final class FilterReg extends Registration implements FilterRegistration.Dynamic, FilterConfig {

    /**
     * One mapping of this filter.
     *
     * @param urlPatterns url patterns (may be empty)
     * @param servletNames servlet names (may be empty; {@code *} is every servlet)
     * @param types the dispatcher types it applies to
     * @param filter the filter
     */
    record Mapping(List<String> urlPatterns, List<String> servletNames, EnumSet<DispatcherType> types, FilterReg filter) {
    }

    private Filter instance;
    private volatile Filter ready;
    final List<Mapping> mappings = new ArrayList<>();

    FilterReg(JguServletContext context, String name, String className, Filter instance) {
        super(context, name, className);
        this.instance = instance;
    }

    @Override
    public void addMappingForServletNames(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter, String... servletNames) {
        context.checkNotStarted("addMappingForServletNames");
        if (servletNames == null || servletNames.length == 0) {
            throw new IllegalArgumentException("filter " + name + ": addMappingForServletNames needs at least one servlet name");
        }
        context.addFilterMapping(new Mapping(List.of(), List.of(servletNames), types(dispatcherTypes), this), isMatchAfter);
    }

    @Override
    public void addMappingForUrlPatterns(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter, String... urlPatterns) {
        context.checkNotStarted("addMappingForUrlPatterns");
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("filter " + name + ": addMappingForUrlPatterns needs at least one url pattern");
        }
        context.addFilterMapping(new Mapping(List.of(urlPatterns), List.of(), types(dispatcherTypes), this), isMatchAfter);
    }

    private static EnumSet<DispatcherType> types(EnumSet<DispatcherType> given) {
        return given == null || given.isEmpty() ? EnumSet.of(DispatcherType.REQUEST) : EnumSet.copyOf(given);
    }

    @Override
    public Collection<String> getServletNameMappings() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        mappings.forEach(m -> names.addAll(m.servletNames()));
        return Collections.unmodifiableSet(names);
    }

    @Override
    public Collection<String> getUrlPatternMappings() {
        LinkedHashSet<String> patterns = new LinkedHashSet<>();
        mappings.forEach(m -> patterns.addAll(m.urlPatterns()));
        return Collections.unmodifiableSet(patterns);
    }

    // FilterConfig

    @Override
    public String getFilterName() {
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

    /** Creates and initialises the filter; called at start-up, in declaration order. */
    synchronized void start() throws ServletException {
        if (ready != null) {
            return;
        }
        if (instance == null) {
            instance = context.newInstance(className, Filter.class, "filter " + name);
        }
        instance.init(this);
        ready = instance;
    }

    /** @return the started filter */
    Filter filter() {
        return ready;
    }

    /** Calls destroy once, when the filter was started. */
    synchronized void destroy() {
        if (ready != null) {
            try {
                ready.destroy();
            } catch (RuntimeException | LinkageError e) {
                context.log("filter " + name + ": destroy failed", e);
            }
            ready = null;
        }
    }
}
