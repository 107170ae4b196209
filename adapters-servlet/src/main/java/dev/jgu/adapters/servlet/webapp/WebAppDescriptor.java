package dev.jgu.adapters.servlet.webapp;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a web app declares about itself, merged from {@code WEB-INF/web.xml}, the {@code
 * web-fragment.xml} of its jars (in their ordering) and the {@code @WebServlet}, {@code
 * @WebFilter}, {@code @WebListener} and {@code @MultipartConfig} annotations of its classes
 * (unless {@code metadata-complete}). The Servlet adapter registers all of it on the context
 * through the same calls an initializer would make.
 *
 * @param displayName the {@code display-name}, or null
 * @param metadataComplete whether web.xml said {@code metadata-complete="true"} (no annotation scan)
 * @param contextParams {@code context-param}s, in order
 * @param servlets servlets, in declaration order
 * @param servletMappings url patterns per servlet
 * @param filters filters, in declaration order
 * @param filterMappings filter mappings, in the order the spec chains them
 * @param listeners listener class names, in declaration order
 * @param errorPages error pages, in declaration order
 * @param welcomeFiles the welcome file list (empty when none was declared)
 * @param sessionConfig the {@code session-config}, or null when none was declared
 * @param mimeMappings extension (without the dot) to MIME type
 * @param localeEncodings locale to charset, from {@code locale-encoding-mapping-list}
 * @param requestCharacterEncoding the {@code request-character-encoding}, or null
 * @param responseCharacterEncoding the {@code response-character-encoding}, or null
 * @param denyUncoveredHttpMethods whether {@code deny-uncovered-http-methods} was present
 * @param unsupported each declaration jgu does not honour, as text naming the element and where it
 *     was found (e.g. {@code <security-constraint> in WEB-INF/web.xml}); the adapter refuses to
 *     start when this is not empty
 */
public record WebAppDescriptor(
        String displayName,
        boolean metadataComplete,
        Map<String, String> contextParams,
        List<ServletDef> servlets,
        List<ServletMappingDef> servletMappings,
        List<FilterDef> filters,
        List<FilterMappingDef> filterMappings,
        List<String> listeners,
        List<ErrorPageDef> errorPages,
        List<String> welcomeFiles,
        SessionConfigDef sessionConfig,
        Map<String, String> mimeMappings,
        Map<String, String> localeEncodings,
        String requestCharacterEncoding,
        String responseCharacterEncoding,
        boolean denyUncoveredHttpMethods,
        List<String> unsupported) {

    /** @return a descriptor that declares nothing (an app named by class, with no web.xml) */
    public static WebAppDescriptor empty() {
        return new WebAppDescriptor(null, false, Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), null, Map.of(), Map.of(), null, null, false, List.of());
    }

    /**
     * A servlet.
     *
     * @param name the {@code servlet-name}
     * @param className the {@code servlet-class}, or null for a {@code jsp-file}
     * @param jspFile the {@code jsp-file}, or null
     * @param initParams {@code init-param}s, in order
     * @param loadOnStartup the {@code load-on-startup}, or null when absent
     * @param asyncSupported {@code async-supported}
     * @param multipart the {@code multipart-config}, or null
     * @param enabled {@code enabled} (true unless it said false)
     */
    public record ServletDef(String name, String className, String jspFile, Map<String, String> initParams,
                             Integer loadOnStartup, boolean asyncSupported, MultipartConfigElement multipart,
                             boolean enabled) {
    }

    /**
     * @param servletName the servlet the patterns map to
     * @param urlPatterns its url patterns, as written
     */
    public record ServletMappingDef(String servletName, List<String> urlPatterns) {
    }

    /**
     * A filter.
     *
     * @param name the {@code filter-name}
     * @param className the {@code filter-class}
     * @param initParams {@code init-param}s, in order
     * @param asyncSupported {@code async-supported}
     */
    public record FilterDef(String name, String className, Map<String, String> initParams, boolean asyncSupported) {
    }

    /**
     * @param filterName the filter
     * @param urlPatterns url patterns it applies to (may be empty)
     * @param servletNames servlet names it applies to (may be empty; {@code *} means all)
     * @param dispatcherTypes the dispatcher types (REQUEST when none was declared)
     */
    public record FilterMappingDef(String filterName, List<String> urlPatterns, List<String> servletNames,
                                   Set<DispatcherType> dispatcherTypes) {
    }

    /**
     * An error page: exactly one of {@code errorCode} and {@code exceptionType}, or neither for
     * the default error page.
     *
     * @param errorCode the status, or 0
     * @param exceptionType the fully-qualified exception class name, or null
     * @param location the page, starting with {@code /}
     */
    public record ErrorPageDef(int errorCode, String exceptionType, String location) {
    }

    /**
     * The {@code session-config}; each field null when not declared.
     *
     * @param timeoutMinutes {@code session-timeout}
     * @param cookieName {@code cookie-config/name}
     * @param cookieDomain {@code cookie-config/domain}
     * @param cookiePath {@code cookie-config/path}
     * @param cookieHttpOnly {@code cookie-config/http-only}
     * @param cookieSecure {@code cookie-config/secure}
     * @param cookieMaxAge {@code cookie-config/max-age}
     * @param cookieAttributes {@code cookie-config/attribute}s (Servlet 6.0), e.g. {@code SameSite}
     * @param trackingModes {@code tracking-mode}s as written (COOKIE, URL, SSL)
     */
    public record SessionConfigDef(Integer timeoutMinutes, String cookieName, String cookieDomain, String cookiePath,
                                   Boolean cookieHttpOnly, Boolean cookieSecure, Integer cookieMaxAge,
                                   Map<String, String> cookieAttributes, List<String> trackingModes) {
    }
}
