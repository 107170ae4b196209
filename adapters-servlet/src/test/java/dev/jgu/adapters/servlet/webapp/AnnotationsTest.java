package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.testing.RecordingLog;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterMappingDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletMappingDef;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationsTest {

    private static final String HELLO = "com.example.app.HelloServlet";
    private static final String DEFAULT_NAMED = "com.example.app.DefaultNamedServlet";
    private static final String LIB_SERVLET = "com.example.lib.LibServlet";

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    private Path app(String webXml, String fragment) {
        Path root = Fixtures.exploded(tmp.resolve("app"));
        if (webXml != null) {
            TestApps.write(root, TestApps.text("WEB-INF/web.xml", webXml));
        }
        if (fragment != null) {
            Fixtures.libJar(root.resolve("WEB-INF/lib/lib.jar"), "META-INF/web-fragment.xml", fragment);
        }
        return root;
    }

    private WebAppDescriptor open(Path root) throws WebappException {
        try (Webapp app = Webapp.open(root, tmp.resolve("u"), TestApps.SERVLET_API_ONLY, log)) {
            return app.descriptor();
        }
    }

    private static ServletDef servlet(WebAppDescriptor d, String name) {
        return d.servlets().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static List<String> patterns(WebAppDescriptor d, String servlet) {
        return d.servletMappings().stream().filter(m -> m.servletName().equals(servlet))
                .flatMap(m -> m.urlPatterns().stream()).toList();
    }

    @Test
    void readsServletFilterAndListenerAnnotations() throws Exception {
        WebAppDescriptor d = open(app(null, null));
        ServletDef hello = servlet(d, "hello");
        assertEquals(HELLO, hello.className());
        assertEquals(Map.of("a", "1", "b", "2"), hello.initParams());
        assertEquals(2, hello.loadOnStartup());
        assertTrue(hello.asyncSupported());
        assertTrue(hello.enabled());
        assertEquals("/tmp/up", hello.multipart().getLocation());
        assertEquals(100, hello.multipart().getMaxFileSize());
        assertEquals(200, hello.multipart().getMaxRequestSize());
        assertEquals(10, hello.multipart().getFileSizeThreshold());
        assertEquals(List.of("/hello", "/hi"), patterns(d, "hello"));
        assertEquals(new ServletDef(DEFAULT_NAMED, DEFAULT_NAMED, null, Map.of(), null, false, null, true),
                servlet(d, DEFAULT_NAMED));
        assertEquals(List.of("/default"), patterns(d, DEFAULT_NAMED));
        assertEquals(List.of("/lib"), patterns(d, LIB_SERVLET));
        assertEquals(new FilterDef("com.example.app.AuditFilter", "com.example.app.AuditFilter", Map.of("level", "all"),
                true), d.filters().getFirst());
        assertTrue(d.filterMappings().contains(new FilterMappingDef("com.example.app.AuditFilter", List.of("/*"),
                List.of("hello"), Set.of(DispatcherType.REQUEST, DispatcherType.ERROR))));
        assertTrue(d.filterMappings().contains(new FilterMappingDef("named", List.of("/named/*"), List.of(),
                Set.of(DispatcherType.REQUEST))));
        assertEquals(List.of("com.example.app.AppListener"), d.listeners());
    }

    @Test
    void webXmlWinsForAServletOrFilterOfTheSameName() throws Exception {
        WebAppDescriptor d = open(app("""
                <web-app>
                  <servlet>
                    <servlet-name>hello</servlet-name><servlet-class>com.example.app.HelloServlet</servlet-class>
                    <init-param><param-name>a</param-name><param-value>web</param-value></init-param>
                  </servlet>
                  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/override</url-pattern></servlet-mapping>
                  <servlet>
                    <servlet-name>com.example.app.DefaultNamedServlet</servlet-name>
                    <servlet-class>com.example.app.DefaultNamedServlet</servlet-class>
                    <load-on-startup>7</load-on-startup>
                  </servlet>
                  <filter><filter-name>named</filter-name><filter-class>com.example.app.NamedFilter</filter-class></filter>
                  <filter-mapping><filter-name>named</filter-name><url-pattern>/other/*</url-pattern></filter-mapping>
                </web-app>
                """, null));
        ServletDef hello = servlet(d, "hello");
        assertEquals(Map.of("a", "web", "b", "2"), hello.initParams());
        assertEquals(2, hello.loadOnStartup());
        assertEquals(100, hello.multipart().getMaxFileSize());
        assertEquals(List.of("/override"), patterns(d, "hello"), "web.xml mappings replace the annotation's");
        assertEquals(7, servlet(d, DEFAULT_NAMED).loadOnStartup());
        assertEquals(List.of("/default"), patterns(d, DEFAULT_NAMED), "no web.xml mapping: the annotation's stay");
        assertEquals(1, d.servlets().stream().filter(s -> s.name().equals("hello")).count());
        assertEquals(List.of(new FilterMappingDef("named", List.of("/other/*"), List.of(), Set.of(DispatcherType.REQUEST))),
                d.filterMappings().stream().filter(m -> m.filterName().equals("named")).toList());
    }

    @Test
    void metadataCompleteWebXmlSkipsAnnotationsAndFragments() throws Exception {
        WebAppDescriptor d = open(app("""
                <web-app metadata-complete="true">
                  <servlet><servlet-name>only</servlet-name><servlet-class>x.Only</servlet-class></servlet>
                </web-app>
                """, "<web-fragment><listener><listener-class>x.FromFragment</listener-class></listener></web-fragment>"));
        assertEquals(List.of("only"), d.servlets().stream().map(ServletDef::name).toList());
        assertEquals(List.of(), d.filters());
        assertEquals(List.of(), d.listeners());
        assertTrue(d.metadataComplete());
    }

    @Test
    void metadataCompleteFragmentSkipsOnlyItsJar() throws Exception {
        WebAppDescriptor d = open(app(null, """
                <web-fragment metadata-complete="true">
                  <listener><listener-class>x.FromFragment</listener-class></listener>
                </web-fragment>
                """));
        assertNull(servlet(d, LIB_SERVLET));
        assertEquals("com.example.app.HelloServlet", servlet(d, "hello").className());
        assertEquals(List.of("x.FromFragment", "com.example.app.AppListener"), d.listeners());
    }

    @Test
    void absoluteOrderingLeavesOutTheAnnotationsAndInitializersOfUnlistedJars() throws Exception {
        Path root = app("<web-app><absolute-ordering/></web-app>", "<web-fragment><name>lib</name></web-fragment>");
        try (Webapp app = Webapp.open(root, tmp.resolve("u"), TestApps.SERVLET_API_ONLY, log)) {
            assertNull(servlet(app.descriptor(), LIB_SERVLET));
            assertEquals(List.of("com.example.app.ServletSci"),
                    app.initializers().stream().map(s -> s.getClass().getName()).toList());
            assertEquals(List.of(), app.orderedLibs());
        }
    }

    @Test
    void fragmentDeclarationsComeAfterWebXmlAndBeforeAnnotations() throws Exception {
        WebAppDescriptor d = open(app("""
                <web-app>
                  <context-param><param-name>p</param-name><param-value>web</param-value></context-param>
                  <listener><listener-class>x.FromWebXml</listener-class></listener>
                </web-app>
                """, """
                <web-fragment>
                  <context-param><param-name>p</param-name><param-value>fragment</param-value></context-param>
                  <context-param><param-name>q</param-name><param-value>fragment</param-value></context-param>
                  <servlet><servlet-name>hello</servlet-name><servlet-class>x.FragmentHello</servlet-class></servlet>
                  <listener><listener-class>x.FromFragment</listener-class></listener>
                </web-fragment>
                """));
        assertEquals(Map.of("p", "web", "q", "fragment"), d.contextParams());
        assertEquals("x.FragmentHello", servlet(d, "hello").className());
        assertEquals(List.of("x.FromWebXml", "x.FromFragment", "com.example.app.AppListener"), d.listeners());
        assertTrue(d.servletMappings().contains(new ServletMappingDef("hello", List.of("/hello", "/hi"))));
    }
}
