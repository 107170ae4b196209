package dev.jgu.adapters.servlet.webapp;

import static dev.jgu.adapters.servlet.webapp.XmlDocument.bool;
import static dev.jgu.adapters.servlet.webapp.XmlDocument.child;
import static dev.jgu.adapters.servlet.webapp.XmlDocument.childText;
import static dev.jgu.adapters.servlet.webapp.XmlDocument.children;
import static dev.jgu.adapters.servlet.webapp.XmlDocument.integer;
import static dev.jgu.adapters.servlet.webapp.XmlDocument.line;
import static dev.jgu.adapters.servlet.webapp.XmlDocument.longValue;
import static dev.jgu.adapters.servlet.webapp.XmlDocument.name;
import static dev.jgu.adapters.servlet.webapp.XmlDocument.text;

import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ErrorPageDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterMappingDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletMappingDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.SessionConfigDef;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * One {@code WEB-INF/web.xml} or {@code META-INF/web-fragment.xml}, read into {@link
 * WebAppDescriptor} pieces plus the fragment's name and ordering. Declarations jgu does not
 * honour (security, JNDI references, JSP) land in {@link WebAppDescriptor#unsupported()} with the
 * element, file and line, so the adapter refuses the app instead of serving it half-configured.
 */
public final class WebXml {

    /** Stands for {@code <others/>} in {@link #absoluteOrdering()}, {@link #before()} and {@link #after()}. */
    public static final String OTHERS = "<others/>";

    private static final Set<String> UNSUPPORTED = Set.of("security-constraint", "login-config", "security-role",
            "env-entry", "resource-ref", "resource-env-ref", "ejb-ref", "ejb-local-ref", "message-destination",
            "message-destination-ref", "service-ref", "persistence-context-ref", "persistence-unit-ref",
            "post-construct", "pre-destroy", "jsp-config", "data-source", "jms-connection-factory",
            "jms-destination", "mail-session", "connection-factory", "administered-object");
    private static final Set<String> IGNORED = Set.of("description", "icon", "distributable", "module-name",
            "default-context-path");

    private final String source;
    private final boolean fragment;
    private String displayName;
    private boolean metadataComplete;
    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final Map<String, ServletDef> servlets = new LinkedHashMap<>();
    private final Map<String, List<String>> servletMappings = new LinkedHashMap<>();
    private final Map<String, FilterDef> filters = new LinkedHashMap<>();
    private final List<FilterMappingDef> filterMappings = new ArrayList<>();
    private final List<String> listeners = new ArrayList<>();
    private final List<ErrorPageDef> errorPages = new ArrayList<>();
    private final List<String> welcomeFiles = new ArrayList<>();
    private SessionConfigDef sessionConfig;
    private final Map<String, String> mimeMappings = new LinkedHashMap<>();
    private final Map<String, String> localeEncodings = new LinkedHashMap<>();
    private String requestCharacterEncoding;
    private String responseCharacterEncoding;
    private boolean denyUncoveredHttpMethods;
    private final List<String> unsupported = new ArrayList<>();
    private String fragmentName;
    private List<String> absoluteOrdering;
    private final List<String> before = new ArrayList<>();
    private final List<String> after = new ArrayList<>();
    private final Map<String, String> mappingSites = new LinkedHashMap<>();

    private WebXml(String source, boolean fragment) {
        this.source = source;
        this.fragment = fragment;
    }

    /**
     * Reads a descriptor.
     *
     * @param in the file's bytes
     * @param source how errors and {@code unsupported} entries name the file, e.g. {@code
     *     WEB-INF/web.xml} or {@code WEB-INF/lib/a.jar!/META-INF/web-fragment.xml}
     * @param fragment whether this is a {@code web-fragment.xml} (which may carry {@code name} and
     *     {@code ordering}) rather than a {@code web.xml} (which may carry {@code absolute-ordering})
     * @return what it declares
     * @throws WebappException on malformed XML, a wrong root element, a value of the wrong type or a
     *     duplicate servlet or filter name
     */
    public static WebXml parse(InputStream in, String source, boolean fragment) throws WebappException {
        Element root = XmlDocument.parse(in, source);
        String expected = fragment ? "web-fragment" : "web-app";
        if (!expected.equals(name(root))) {
            throw new WebappException(source + " line " + line(root) + ": root element <" + name(root)
                    + ">: expected <" + expected + ">");
        }
        WebXml xml = new WebXml(source, fragment);
        xml.metadataComplete = "true".equalsIgnoreCase(root.getAttribute("metadata-complete").trim());
        for (Element e : children(root)) {
            xml.read(e);
        }
        return xml;
    }

    /**
     * Reads a descriptor from a stream that this method closes.
     *
     * @see #parse(InputStream, String, boolean)
     */
    static WebXml parseAndClose(InputStream in, String source, boolean fragment) throws WebappException {
        try (in) {
            return parse(in, source, fragment);
        } catch (IOException e) {
            throw new WebappException(source + ": cannot read: " + e, e);
        }
    }

    /** @return how this file is named in messages */
    public String source() {
        return source;
    }

    /** @return everything declared, as a descriptor */
    public WebAppDescriptor descriptor() {
        List<ServletMappingDef> mappings = servletMappings.entrySet().stream()
                .map(m -> new ServletMappingDef(m.getKey(), List.copyOf(m.getValue()))).toList();
        return new WebAppDescriptor(displayName, metadataComplete, ordered(contextParams),
                List.copyOf(servlets.values()), mappings, List.copyOf(filters.values()), List.copyOf(filterMappings),
                List.copyOf(listeners), List.copyOf(errorPages), List.copyOf(welcomeFiles), sessionConfig,
                ordered(mimeMappings), ordered(localeEncodings), requestCharacterEncoding, responseCharacterEncoding,
                denyUncoveredHttpMethods, List.copyOf(unsupported));
    }

    /** @return whether the root element said {@code metadata-complete="true"} */
    public boolean metadataComplete() {
        return metadataComplete;
    }

    /** @return a fragment's {@code <name>}, or null */
    public String fragmentName() {
        return fragmentName;
    }

    /** @return web.xml's {@code absolute-ordering} names (with {@link #OTHERS}), or null when absent */
    public List<String> absoluteOrdering() {
        return absoluteOrdering;
    }

    /** @return a fragment's {@code ordering/before} names (with {@link #OTHERS}) */
    public List<String> before() {
        return List.copyOf(before);
    }

    /** @return a fragment's {@code ordering/after} names (with {@link #OTHERS}) */
    public List<String> after() {
        return List.copyOf(after);
    }

    /** @return where each servlet name was first mapped, e.g. {@code WEB-INF/web.xml line 12} */
    Map<String, String> mappingSites() {
        return mappingSites;
    }

    private void read(Element e) throws WebappException {
        String name = name(e);
        switch (name) {
            case "display-name" -> displayName = text(e);
            case "context-param" -> contextParams.put(required(e, "param-name"), textOrEmpty(e, "param-value"));
            case "servlet" -> servlet(e);
            case "servlet-mapping" -> servletMapping(e);
            case "filter" -> filter(e);
            case "filter-mapping" -> filterMapping(e);
            case "listener" -> listeners.add(required(e, "listener-class"));
            case "error-page" -> errorPage(e);
            case "welcome-file-list" -> {
                for (Element file : children(e, "welcome-file")) {
                    welcomeFiles.add(text(file));
                }
            }
            case "session-config" -> sessionConfig = sessionConfig(e);
            case "mime-mapping" -> mimeMappings.put(required(e, "extension"), required(e, "mime-type"));
            case "locale-encoding-mapping-list" -> {
                for (Element m : children(e, "locale-encoding-mapping")) {
                    localeEncodings.put(required(m, "locale"), required(m, "encoding"));
                }
            }
            case "request-character-encoding" -> requestCharacterEncoding = text(e);
            case "response-character-encoding" -> responseCharacterEncoding = text(e);
            case "deny-uncovered-http-methods" -> denyUncoveredHttpMethods = true;
            case "absolute-ordering" -> {
                if (fragment) {
                    unexpected(e);
                }
                absoluteOrdering = orderingNames(e);
            }
            case "ordering" -> {
                if (!fragment) {
                    unexpected(e);
                }
                Element b = child(e, "before");
                Element a = child(e, "after");
                if (b != null) {
                    before.addAll(orderingNames(b));
                }
                if (a != null) {
                    after.addAll(orderingNames(a));
                }
            }
            case "name" -> {
                if (!fragment) {
                    unexpected(e);
                }
                fragmentName = text(e);
            }
            default -> {
                if (!IGNORED.contains(name)) {
                    unsupported.add("<" + name + "> in " + at(e) + (UNSUPPORTED.contains(name) ? ""
                            : " (not a Servlet 6.1 element jgu knows)"));
                }
            }
        }
    }

    private void servlet(Element e) throws WebappException {
        String name = required(e, "servlet-name");
        String className = childText(e, "servlet-class");
        String jspFile = childText(e, "jsp-file");
        if (jspFile != null) {
            unsupported.add("<servlet> " + name + " with <jsp-file>" + jspFile + "</jsp-file> in " + at(e)
                    + ": jgu does not compile JSPs");
        }
        for (String security : List.of("run-as", "security-role-ref")) {
            if (child(e, security) != null) {
                unsupported.add("<" + security + "> of servlet " + name + " in " + at(child(e, security)));
            }
        }
        Element multipart = child(e, "multipart-config");
        ServletDef def = new ServletDef(name, className, jspFile, initParams(e),
                integer(child(e, "load-on-startup"), source), bool(child(e, "async-supported"), false, source),
                multipart == null ? null : multipart(multipart), bool(child(e, "enabled"), true, source));
        if (servlets.putIfAbsent(name, def) != null) {
            throw new WebappException(at(e) + ": <servlet-name>" + name + "</servlet-name>: declared twice, expected"
                    + " each servlet name once");
        }
    }

    private void servletMapping(Element e) throws WebappException {
        String name = required(e, "servlet-name");
        List<String> patterns = servletMappings.computeIfAbsent(name, n -> new ArrayList<>());
        for (Element pattern : children(e, "url-pattern")) {
            patterns.add(text(pattern));
        }
        mappingSites.putIfAbsent(name, at(e));
    }

    private void filter(Element e) throws WebappException {
        String name = required(e, "filter-name");
        FilterDef def = new FilterDef(name, childText(e, "filter-class"), initParams(e),
                bool(child(e, "async-supported"), false, source));
        if (filters.putIfAbsent(name, def) != null) {
            throw new WebappException(at(e) + ": <filter-name>" + name + "</filter-name>: declared twice, expected"
                    + " each filter name once");
        }
    }

    private void filterMapping(Element e) throws WebappException {
        String name = required(e, "filter-name");
        List<String> patterns = children(e, "url-pattern").stream().map(XmlDocument::text).toList();
        List<String> servletNames = children(e, "servlet-name").stream().map(XmlDocument::text).toList();
        Set<DispatcherType> dispatchers = EnumSet.noneOf(DispatcherType.class);
        for (Element d : children(e, "dispatcher")) {
            try {
                dispatchers.add(DispatcherType.valueOf(text(d)));
            } catch (IllegalArgumentException bad) {
                throw new WebappException(at(d) + ": <dispatcher>" + text(d) + "</dispatcher>: expected one of "
                        + List.of(DispatcherType.values()), bad);
            }
        }
        if (dispatchers.isEmpty()) {
            dispatchers.add(DispatcherType.REQUEST);
        }
        filterMappings.add(new FilterMappingDef(name, patterns, servletNames, Set.copyOf(dispatchers)));
        mappingSites.putIfAbsent("filter:" + name, at(e));
    }

    private void errorPage(Element e) throws WebappException {
        String exceptionType = childText(e, "exception-type");
        Integer code = integer(child(e, "error-code"), source);
        errorPages.add(new ErrorPageDef(code == null ? 0 : code, exceptionType, required(e, "location")));
    }

    private SessionConfigDef sessionConfig(Element e) throws WebappException {
        Element cookie = child(e, "cookie-config");
        Map<String, String> attributes = new LinkedHashMap<>();
        String cookieName = null;
        String domain = null;
        String path = null;
        Boolean httpOnly = null;
        Boolean secure = null;
        Integer maxAge = null;
        if (cookie != null) {
            cookieName = childText(cookie, "name");
            domain = childText(cookie, "domain");
            path = childText(cookie, "path");
            httpOnly = child(cookie, "http-only") == null ? null : bool(child(cookie, "http-only"), false, source);
            secure = child(cookie, "secure") == null ? null : bool(child(cookie, "secure"), false, source);
            maxAge = integer(child(cookie, "max-age"), source);
            for (Element attribute : children(cookie, "attribute")) {
                attributes.put(required(attribute, "attribute-name"), textOrEmpty(attribute, "attribute-value"));
            }
        }
        List<String> modes = new ArrayList<>();
        for (Element mode : children(e, "tracking-mode")) {
            String value = text(mode);
            if (!List.of("COOKIE", "URL", "SSL").contains(value)) {
                throw new WebappException(at(mode) + ": <tracking-mode>" + value + "</tracking-mode>: expected COOKIE,"
                        + " URL or SSL");
            }
            modes.add(value);
        }
        return new SessionConfigDef(integer(child(e, "session-timeout"), source), cookieName, domain, path,
                httpOnly, secure, maxAge, ordered(attributes), List.copyOf(modes));
    }

    private MultipartConfigElement multipart(Element e) throws WebappException {
        String location = childText(e, "location");
        Long maxFile = longValue(child(e, "max-file-size"), source);
        Long maxRequest = longValue(child(e, "max-request-size"), source);
        Integer threshold = integer(child(e, "file-size-threshold"), source);
        return new MultipartConfigElement(location == null ? "" : location, maxFile == null ? -1L : maxFile,
                maxRequest == null ? -1L : maxRequest, threshold == null ? 0 : threshold);
    }

    private Map<String, String> initParams(Element e) throws WebappException {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element p : children(e, "init-param")) {
            params.put(required(p, "param-name"), textOrEmpty(p, "param-value"));
        }
        return ordered(params);
    }

    private List<String> orderingNames(Element e) {
        Set<String> names = new LinkedHashSet<>();
        for (Element c : children(e)) {
            switch (name(c)) {
                case "name" -> names.add(text(c));
                case "others" -> names.add(OTHERS);
                default -> unexpected(c);
            }
        }
        return List.copyOf(names);
    }

    private void unexpected(Element e) {
        unsupported.add("<" + name(e) + "> in " + at(e) + " (not allowed in " + (fragment ? "a web-fragment.xml"
                : "web.xml") + ")");
    }

    private String required(Element parent, String name) throws WebappException {
        String value = childText(parent, name);
        if (value == null || value.isEmpty()) {
            throw new WebappException(at(parent) + ": <" + name(parent) + "> without <" + name + ">: expected one");
        }
        return value;
    }

    private static String textOrEmpty(Element parent, String name) {
        String value = childText(parent, name);
        return value == null ? "" : value;
    }

    /** @return an unmodifiable copy that keeps declaration order */
    static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private String at(Element e) {
        return XmlDocument.at(e, source);
    }
}
