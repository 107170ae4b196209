package dev.jgu.adapters.servlet;

import dev.jgu.spi.Log;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ServletContext} of one web app in one worker: its registrations (from web.xml,
 * annotations and initializers), attributes, init parameters, files and listeners. Servlets,
 * filters and listeners can be added until the context has started; afterwards those calls throw
 * {@link IllegalStateException}, as the spec says.
 */
final class JguServletContext implements ServletContext {

    /** Where the start-up is; programmatic registration is allowed before {@link #STARTED}. */
    enum State { CONFIGURING, STARTED, STOPPED }

    private final String contextPath;
    private final ClassLoader loader;
    private final Resources resources;
    private final Log log;
    private final String displayName;
    private volatile State state = State.CONFIGURING;

    private final Map<String, String> initParams = new LinkedHashMap<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    final Map<String, ServletReg> servlets = new LinkedHashMap<>();
    final Map<String, FilterReg> filters = new LinkedHashMap<>();
    /** Filter mappings in chain order: programmatic ones added with isMatchAfter=false come first. */
    private final List<FilterReg.Mapping> filterMappingsBefore = new ArrayList<>();
    private final List<FilterReg.Mapping> filterMappingsAfter = new ArrayList<>();
    final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, List<? extends EventListener>> listenersByType = new ConcurrentHashMap<>();
    final Map<String, String> mimeTypes = new HashMap<>();
    final Map<String, String> localeEncodings = new HashMap<>();
    final JguSessionCookieConfig sessionCookieConfig;
    private int sessionTimeoutMinutes = 30;
    private String requestEncoding;
    private String responseEncoding;
    private Set<SessionTrackingMode> trackingModes = EnumSet.of(SessionTrackingMode.COOKIE);
    /** Set when the container is built, for dispatchers. */
    ServletContainer container;

    JguServletContext(String contextPath, ClassLoader loader, Resources resources, Log log, String displayName) {
        this.contextPath = contextPath;
        this.loader = loader;
        this.resources = resources;
        this.log = log;
        this.displayName = displayName;
        this.sessionCookieConfig = new JguSessionCookieConfig(this);
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    void checkNotStarted(String call) {
        if (state != State.CONFIGURING) {
            throw new IllegalStateException(call + ": the servlet context has already been initialized");
        }
    }

    /** Logs and builds the exception for an API jgu does not implement: never ignored silently. */
    UnsupportedOperationException unsupported(String api, String why) {
        String message = api + " is not supported by jgu: " + why;
        log.error("servlet: " + message);
        return new UnsupportedOperationException(message);
    }

    <T> T newInstance(String className, Class<T> type, String what) throws ServletException {
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new ServletException(what + ": class " + className + " not found in the web app", e);
        } catch (LinkageError e) {
            throw new ServletException(what + ": class " + className + " failed to load: " + e, e);
        }
        return instantiate(cls.asSubclass(type), what);
    }

    <T> T instantiate(Class<? extends T> cls, String what) throws ServletException {
        try {
            return cls.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ServletException(what + ": " + cls.getName() + " has no public no-arg constructor", e);
        } catch (InvocationTargetException e) {
            throw new ServletException(what + ": constructor of " + cls.getName() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ServletException(what + ": cannot construct " + cls.getName() + ": " + e, e);
        }
    }

    ServletReg servletMappedTo(String pattern) {
        for (ServletReg reg : servlets.values()) {
            if (reg.mappings.contains(pattern)) {
                return reg;
            }
        }
        return null;
    }

    void addFilterMapping(FilterReg.Mapping mapping, boolean isMatchAfter) {
        mapping.filter().mappings.add(mapping);
        (isMatchAfter ? filterMappingsAfter : filterMappingsBefore).add(mapping);
    }

    /** Adds a mapping declared in web.xml or by an annotation: after programmatic "before" ones. */
    void addDeclaredFilterMapping(FilterReg.Mapping mapping) {
        mapping.filter().mappings.add(mapping);
        filterMappingsAfter.add(mapping);
    }

    /** @return every filter mapping in chain order */
    List<FilterReg.Mapping> filterMappings() {
        List<FilterReg.Mapping> all = new ArrayList<>(filterMappingsBefore);
        all.addAll(filterMappingsAfter);
        return all;
    }

    /**
     * The listeners of a type, in registration order. Once the context has started no listener
     * can be added, so each type's list is worked out once: requests ask on every attribute set.
     *
     * @return the listeners, unmodifiable
     */
    @SuppressWarnings("unchecked")
    <T extends EventListener> List<T> listeners(Class<T> type) {
        if (state == State.CONFIGURING) {
            return byType(type);
        }
        return (List<T>) listenersByType.computeIfAbsent(type, t -> byType(type));
    }

    private <T extends EventListener> List<T> byType(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (EventListener l : listeners) {
            if (type.isInstance(l)) {
                found.add(type.cast(l));
            }
        }
        return List.copyOf(found);
    }

    void setSessionTimeoutMinutes(int minutes) {
        this.sessionTimeoutMinutes = minutes;
    }

    // --- ServletContext ---

    @Override
    public String getContextPath() {
        return contextPath;
    }

    @Override
    public ServletContext getContext(String uripath) {
        return uripath != null && (uripath.equals(contextPath) || uripath.startsWith(contextPath + "/")) ? this : null;
    }

    @Override
    public int getMajorVersion() {
        return 6;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public int getEffectiveMajorVersion() {
        return 6;
    }

    @Override
    public int getEffectiveMinorVersion() {
        return 1;
    }

    @Override
    public String getMimeType(String file) {
        if (file == null) {
            return null;
        }
        int dot = file.lastIndexOf('.');
        if (dot >= 0) {
            String declared = mimeTypes.get(file.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
            if (declared != null) {
                return declared;
            }
        }
        String known = MimeTypes.of(file);
        return known != null ? known : URLConnection.guessContentTypeFromName(file);
    }

    @Override
    public Set<String> getResourcePaths(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return resources.resourcePaths(path);
    }

    @Override
    public URL getResource(String path) throws java.net.MalformedURLException {
        if (path == null || !path.startsWith("/")) {
            throw new java.net.MalformedURLException("a resource path must start with /: " + path);
        }
        return resources.resource(path);
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        URL url = resources.resource(path);
        if (url == null) {
            return null;
        }
        try {
            return url.openStream();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return container.dispatcher(path);
    }

    @Override
    public RequestDispatcher getNamedDispatcher(String name) {
        return container.namedDispatcher(name);
    }

    @Override
    public void log(String msg) {
        log.info("servlet context " + (contextPath.isEmpty() ? "/" : contextPath) + ": " + msg);
    }

    @Override
    public void log(String message, Throwable throwable) {
        log.error("servlet context " + (contextPath.isEmpty() ? "/" : contextPath) + ": " + message, throwable);
    }

    @Override
    public String getRealPath(String path) {
        if (path == null) {
            return null;
        }
        return resources.realPath(path.startsWith("/") ? path : "/" + path);
    }

    @Override
    public String getServerInfo() {
        return "jgu/0.1 (Jakarta Servlet 6.1)";
    }

    @Override
    public String getInitParameter(String name) {
        java.util.Objects.requireNonNull(name, "init parameter name");
        return initParams.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(new ArrayList<>(initParams.keySet()));
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        java.util.Objects.requireNonNull(name, "init parameter name");
        checkNotStarted("setInitParameter");
        return initParams.putIfAbsent(name, value) == null;
    }

    @Override
    public Object getAttribute(String name) {
        java.util.Objects.requireNonNull(name, "attribute name");
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object object) {
        java.util.Objects.requireNonNull(name, "attribute name");
        if (object == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, object);
        for (ServletContextAttributeListener l : listeners(ServletContextAttributeListener.class)) {
            ServletContextAttributeEvent event = new ServletContextAttributeEvent(this, name, old == null ? object : old);
            if (old == null) {
                l.attributeAdded(event);
            } else {
                l.attributeReplaced(event);
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null) {
            for (ServletContextAttributeListener l : listeners(ServletContextAttributeListener.class)) {
                l.attributeRemoved(new ServletContextAttributeEvent(this, name, old));
            }
        }
    }

    @Override
    public String getServletContextName() {
        return displayName;
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, String className) {
        return addServlet(servletName, className, null);
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Servlet servlet) {
        java.util.Objects.requireNonNull(servlet, "servlet");
        return addServlet(servletName, servlet.getClass().getName(), servlet);
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
        return addServlet(servletName, servletClass.getName(), null);
    }

    private ServletRegistration.Dynamic addServlet(String name, String className, Servlet instance) {
        checkNotStarted("addServlet");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("addServlet: a servlet needs a name");
        }
        ServletReg existing = servlets.get(name);
        if (existing != null) {
            if (existing.className != null) {
                return null;
            }
            existing.className = className;
            return existing;
        }
        ServletReg reg = new ServletReg(this, name, className, instance);
        servlets.put(name, reg);
        return reg;
    }

    @Override
    public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
        throw unsupported("ServletContext.addJspFile(" + servletName + ", " + jspFile + ")", "jgu does not compile JSPs");
    }

    @Override
    public <T extends Servlet> T createServlet(Class<T> clazz) throws ServletException {
        return instantiate(clazz, "servlet");
    }

    @Override
    public ServletRegistration getServletRegistration(String servletName) {
        return servlets.get(servletName);
    }

    @Override
    public Map<String, ? extends ServletRegistration> getServletRegistrations() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(servlets));
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, String className) {
        return addFilter(filterName, className, null);
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Filter filter) {
        java.util.Objects.requireNonNull(filter, "filter");
        return addFilter(filterName, filter.getClass().getName(), filter);
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
        return addFilter(filterName, filterClass.getName(), null);
    }

    private FilterRegistration.Dynamic addFilter(String name, String className, Filter instance) {
        checkNotStarted("addFilter");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("addFilter: a filter needs a name");
        }
        if (filters.containsKey(name)) {
            return null;
        }
        FilterReg reg = new FilterReg(this, name, className, instance);
        filters.put(name, reg);
        return reg;
    }

    @Override
    public <T extends Filter> T createFilter(Class<T> clazz) throws ServletException {
        return instantiate(clazz, "filter");
    }

    @Override
    public FilterRegistration getFilterRegistration(String filterName) {
        return filters.get(filterName);
    }

    @Override
    public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    @Override
    public SessionCookieConfig getSessionCookieConfig() {
        return sessionCookieConfig;
    }

    @Override
    public void setSessionTrackingModes(Set<SessionTrackingMode> sessionTrackingModes) {
        checkNotStarted("setSessionTrackingModes");
        if (sessionTrackingModes.contains(SessionTrackingMode.SSL) || sessionTrackingModes.contains(SessionTrackingMode.URL)) {
            throw unsupported("session tracking mode " + sessionTrackingModes, "jgu tracks sessions by cookie only");
        }
        trackingModes = sessionTrackingModes.isEmpty() ? EnumSet.noneOf(SessionTrackingMode.class) : EnumSet.copyOf(sessionTrackingModes);
    }

    @Override
    public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
        return EnumSet.of(SessionTrackingMode.COOKIE);
    }

    @Override
    public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
        return Collections.unmodifiableSet(trackingModes);
    }

    @Override
    public void addListener(String className) {
        checkNotStarted("addListener");
        try {
            addListener(newInstance(className, EventListener.class, "listener"));
        } catch (ServletException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public <T extends EventListener> void addListener(T t) {
        checkNotStarted("addListener");
        if (!(t instanceof ServletContextListener || t instanceof ServletContextAttributeListener
                || t instanceof ServletRequestListener || t instanceof ServletRequestAttributeListener
                || t instanceof HttpSessionListener || t instanceof HttpSessionAttributeListener
                || t instanceof HttpSessionIdListener)) {
            throw new IllegalArgumentException("addListener: " + t.getClass().getName()
                    + " implements none of the listener interfaces a ServletContext takes");
        }
        listeners.add(t);
    }

    @Override
    public void addListener(Class<? extends EventListener> listenerClass) {
        checkNotStarted("addListener");
        try {
            addListener(instantiate(listenerClass, "listener"));
        } catch (ServletException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public <T extends EventListener> T createListener(Class<T> clazz) throws ServletException {
        return instantiate(clazz, "listener");
    }

    @Override
    public JspConfigDescriptor getJspConfigDescriptor() {
        return null;
    }

    @Override
    public ClassLoader getClassLoader() {
        return loader;
    }

    @Override
    public void declareRoles(String... roleNames) {
        checkNotStarted("declareRoles");
        log.info("servlet: declareRoles" + java.util.Arrays.toString(roleNames) + ": jgu enforces no roles; isUserInRole is always false");
    }

    @Override
    public String getVirtualServerName() {
        return "jgu";
    }

    @Override
    public int getSessionTimeout() {
        return sessionTimeoutMinutes;
    }

    @Override
    public void setSessionTimeout(int sessionTimeout) {
        checkNotStarted("setSessionTimeout");
        this.sessionTimeoutMinutes = sessionTimeout;
    }

    @Override
    public String getRequestCharacterEncoding() {
        return requestEncoding;
    }

    @Override
    public void setRequestCharacterEncoding(String encoding) {
        checkNotStarted("setRequestCharacterEncoding");
        this.requestEncoding = encoding;
    }

    @Override
    public String getResponseCharacterEncoding() {
        return responseEncoding;
    }

    @Override
    public void setResponseCharacterEncoding(String encoding) {
        checkNotStarted("setResponseCharacterEncoding");
        this.responseEncoding = encoding;
    }
}
