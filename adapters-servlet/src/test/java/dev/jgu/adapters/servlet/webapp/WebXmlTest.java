package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ErrorPageDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterMappingDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletMappingDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.SessionConfigDef;
import jakarta.servlet.DispatcherType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebXmlTest {

    private static final String FULL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.1" metadata-complete="true">
              <display-name>Shop</display-name>
              <description>ignored</description>
              <distributable/>
              <context-param><param-name>mode</param-name><param-value>prod</param-value></context-param>
              <context-param><param-name>empty</param-name><param-value></param-value></context-param>
              <servlet>
                <servlet-name>front</servlet-name>
                <servlet-class>com.example.Front</servlet-class>
                <init-param><param-name>a</param-name><param-value>1</param-value></init-param>
                <init-param><param-name>b</param-name><param-value>2</param-value></init-param>
                <load-on-startup>3</load-on-startup>
                <enabled>false</enabled>
                <async-supported>true</async-supported>
                <multipart-config>
                  <location>/tmp/up</location>
                  <max-file-size>1000</max-file-size>
                  <max-request-size>2000</max-request-size>
                  <file-size-threshold>10</file-size-threshold>
                </multipart-config>
              </servlet>
              <servlet><servlet-name>plain</servlet-name><servlet-class>com.example.Plain</servlet-class></servlet>
              <servlet-mapping><servlet-name>front</servlet-name><url-pattern>/</url-pattern><url-pattern>*.do</url-pattern></servlet-mapping>
              <servlet-mapping><servlet-name>front</servlet-name><url-pattern>/api/*</url-pattern></servlet-mapping>
              <filter>
                <filter-name>enc</filter-name><filter-class>com.example.Enc</filter-class>
                <async-supported>true</async-supported>
                <init-param><param-name>charset</param-name><param-value>UTF-8</param-value></init-param>
              </filter>
              <filter-mapping><filter-name>enc</filter-name><url-pattern>/*</url-pattern></filter-mapping>
              <filter-mapping>
                <filter-name>enc</filter-name><servlet-name>front</servlet-name>
                <dispatcher>FORWARD</dispatcher><dispatcher>ERROR</dispatcher>
              </filter-mapping>
              <listener><listener-class>com.example.Boot</listener-class></listener>
              <error-page><error-code>404</error-code><location>/404.html</location></error-page>
              <error-page><exception-type>java.lang.IllegalStateException</exception-type><location>/ise.html</location></error-page>
              <error-page><location>/error.html</location></error-page>
              <welcome-file-list><welcome-file>index.html</welcome-file><welcome-file>index.htm</welcome-file></welcome-file-list>
              <session-config>
                <session-timeout>45</session-timeout>
                <cookie-config>
                  <name>SID</name><domain>example.com</domain><path>/shop</path><comment>x</comment>
                  <http-only>true</http-only><secure>false</secure><max-age>3600</max-age>
                  <attribute><attribute-name>SameSite</attribute-name><attribute-value>Strict</attribute-value></attribute>
                </cookie-config>
                <tracking-mode>COOKIE</tracking-mode><tracking-mode>URL</tracking-mode>
              </session-config>
              <mime-mapping><extension>webmanifest</extension><mime-type>application/manifest+json</mime-type></mime-mapping>
              <locale-encoding-mapping-list>
                <locale-encoding-mapping><locale>ja</locale><encoding>Shift_JIS</encoding></locale-encoding-mapping>
              </locale-encoding-mapping-list>
              <request-character-encoding>UTF-8</request-character-encoding>
              <response-character-encoding>ISO-8859-1</response-character-encoding>
              <deny-uncovered-http-methods/>
              <absolute-ordering><name>b</name><others/><name>a</name></absolute-ordering>
            </web-app>
            """;

    @TempDir
    Path tmp;

    static WebXml parse(String xml) throws WebappException {
        return WebXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "WEB-INF/web.xml", false);
    }

    static WebXml fragment(String xml) throws WebappException {
        return WebXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "a.jar!/web-fragment.xml",
                true);
    }

    @Test
    void readsEveryElementOfAFullWebXml() throws Exception {
        WebXml xml = parse(FULL);
        WebAppDescriptor d = xml.descriptor();
        assertEquals("Shop", d.displayName());
        assertTrue(d.metadataComplete());
        assertEquals(Map.of("mode", "prod", "empty", ""), d.contextParams());
        assertEquals(List.of("mode", "empty"), List.copyOf(d.contextParams().keySet()));
        ServletDef front = d.servlets().getFirst();
        assertEquals("front", front.name());
        assertEquals("com.example.Front", front.className());
        assertNull(front.jspFile());
        assertEquals(List.of("a", "b"), List.copyOf(front.initParams().keySet()));
        assertEquals("2", front.initParams().get("b"));
        assertEquals(3, front.loadOnStartup());
        assertTrue(front.asyncSupported());
        assertFalse(front.enabled());
        assertEquals("/tmp/up", front.multipart().getLocation());
        assertEquals(1000, front.multipart().getMaxFileSize());
        assertEquals(2000, front.multipart().getMaxRequestSize());
        assertEquals(10, front.multipart().getFileSizeThreshold());
        assertEquals(new ServletDef("plain", "com.example.Plain", null, Map.of(), null, false, null, true),
                d.servlets().get(1));
        assertEquals(List.of(new ServletMappingDef("front", List.of("/", "*.do", "/api/*"))), d.servletMappings());
        assertEquals(List.of(new FilterDef("enc", "com.example.Enc", Map.of("charset", "UTF-8"), true)), d.filters());
        assertEquals(List.of(
                new FilterMappingDef("enc", List.of("/*"), List.of(), Set.of(DispatcherType.REQUEST)),
                new FilterMappingDef("enc", List.of(), List.of("front"), Set.of(DispatcherType.FORWARD, DispatcherType.ERROR))),
                d.filterMappings());
        assertEquals(List.of("com.example.Boot"), d.listeners());
        assertEquals(List.of(new ErrorPageDef(404, null, "/404.html"),
                new ErrorPageDef(0, "java.lang.IllegalStateException", "/ise.html"),
                new ErrorPageDef(0, null, "/error.html")), d.errorPages());
        assertEquals(List.of("index.html", "index.htm"), d.welcomeFiles());
        assertEquals(new SessionConfigDef(45, "SID", "example.com", "/shop", true, false, 3600,
                Map.of("SameSite", "Strict"), List.of("COOKIE", "URL")), d.sessionConfig());
        assertEquals(Map.of("webmanifest", "application/manifest+json"), d.mimeMappings());
        assertEquals(Map.of("ja", "Shift_JIS"), d.localeEncodings());
        assertEquals("UTF-8", d.requestCharacterEncoding());
        assertEquals("ISO-8859-1", d.responseCharacterEncoding());
        assertTrue(d.denyUncoveredHttpMethods());
        assertEquals(List.of(), d.unsupported());
        assertEquals(List.of("b", WebXml.OTHERS, "a"), xml.absoluteOrdering());
    }

    @Test
    void readsDescriptorsWithoutNamespaceOrWithTheOldJavaeeOne() throws Exception {
        String body = "<display-name>x</display-name><servlet><servlet-name>s</servlet-name>"
                + "<servlet-class>S</servlet-class></servlet>";
        for (String root : List.of("<web-app>", "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\">",
                "<j:web-app xmlns:j=\"http://java.sun.com/xml/ns/javaee\">")) {
            String xml = root.startsWith("<j:") ? root + body.replace("<", "<j:").replace("<j:/", "</j:") + "</j:web-app>"
                    : root + body + "</web-app>";
            WebAppDescriptor d = parse(xml).descriptor();
            assertEquals("x", d.displayName(), xml);
            assertEquals("S", d.servlets().getFirst().className(), xml);
        }
    }

    @Test
    void namesFileLineValueAndExpectationForANonInteger() {
        String xml = """
                <web-app>
                  <servlet>
                    <servlet-name>s</servlet-name>
                    <servlet-class>S</servlet-class>
                    <load-on-startup>abc</load-on-startup>
                  </servlet>
                </web-app>
                """;
        WebappException e = assertThrows(WebappException.class, () -> parse(xml));
        assertEquals("WEB-INF/web.xml line 5: <load-on-startup>abc</load-on-startup>: expected an integer",
                e.getMessage());
    }

    @Test
    void refusesWrongValuesWithTheirLine() {
        assertError("<web-app>\n<session-config>\n<session-timeout>soon</session-timeout></session-config></web-app>",
                "WEB-INF/web.xml line 3: <session-timeout>soon</session-timeout>: expected an integer");
        assertError("<web-app>\n<filter><filter-name>f</filter-name><async-supported>yes</async-supported></filter></web-app>",
                "WEB-INF/web.xml line 2: <async-supported>yes</async-supported>: expected true or false");
        assertError("<web-app>\n\n<filter-mapping><filter-name>f</filter-name><dispatcher>SOMETIMES</dispatcher>"
                + "</filter-mapping></web-app>", "WEB-INF/web.xml line 3: <dispatcher>SOMETIMES</dispatcher>: expected one of");
        assertError("<web-app><error-page><error-code>4o4</error-code><location>/x</location></error-page></web-app>",
                "WEB-INF/web.xml line 1: <error-code>4o4</error-code>: expected an integer");
        assertError("<web-app><servlet><servlet-name>s</servlet-name><multipart-config><max-file-size>1MB"
                + "</max-file-size></multipart-config></servlet></web-app>",
                "<max-file-size>1MB</max-file-size>: expected an integer");
        assertError("<web-app>\n<servlet><servlet-class>S</servlet-class></servlet></web-app>",
                "WEB-INF/web.xml line 2: <servlet> without <servlet-name>");
        assertError("<web-app><servlet><servlet-name>s</servlet-name></servlet>\n"
                + "<servlet><servlet-name>s</servlet-name></servlet></web-app>",
                "WEB-INF/web.xml line 2: <servlet-name>s</servlet-name>: declared twice");
        assertError("<web-app><session-config><tracking-mode>SMOKE</tracking-mode></session-config></web-app>",
                "<tracking-mode>SMOKE</tracking-mode>: expected COOKIE, URL or SSL");
        assertError("<web-fragment/>", "WEB-INF/web.xml line 1: root element <web-fragment>: expected <web-app>");
    }

    @Test
    void malformedXmlNamesTheLine() {
        assertError("<web-app>\n<servlet>\n<servlet-name>s</servlet-nam>\n</servlet></web-app>",
                "WEB-INF/web.xml line 3: malformed XML");
    }

    @Test
    void neverLoadsTheDtdOrExternalEntities() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE web-app PUBLIC \"-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN\" \""
                + tmp.resolve("missing.dtd").toUri() + "\" [\n"
                + "<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">\n]>\n"
                + "<web-app><display-name>&leak;</display-name></web-app>";
        WebAppDescriptor d = parse(xml).descriptor();
        assertEquals("", d.displayName());
    }

    @Test
    void collectsUnsupportedElementsWithFileAndLine() throws Exception {
        List<String> names = List.of("security-constraint", "login-config", "security-role", "env-entry",
                "resource-ref", "resource-env-ref", "ejb-ref", "ejb-local-ref", "message-destination",
                "message-destination-ref", "service-ref", "persistence-context-ref", "persistence-unit-ref",
                "post-construct", "pre-destroy", "jsp-config");
        StringBuilder xml = new StringBuilder("<web-app>\n");
        for (String name : names) {
            xml.append("<").append(name).append("><x>1</x></").append(name).append(">\n");
        }
        xml.append("<servlet><servlet-name>home</servlet-name><jsp-file>/home.jsp</jsp-file></servlet>\n");
        xml.append("<fancy-new-thing/>\n</web-app>");
        List<String> unsupported = parse(xml.toString()).descriptor().unsupported();
        for (int i = 0; i < names.size(); i++) {
            assertEquals("<" + names.get(i) + "> in WEB-INF/web.xml line " + (i + 2), unsupported.get(i));
        }
        assertEquals("<servlet> home with <jsp-file>/home.jsp</jsp-file> in WEB-INF/web.xml line " + (names.size() + 2)
                + ": jgu does not compile JSPs", unsupported.get(names.size()));
        assertTrue(unsupported.get(names.size() + 1).startsWith("<fancy-new-thing> in WEB-INF/web.xml line "
                + (names.size() + 3)), unsupported.toString());
        assertEquals(names.size() + 2, unsupported.size());
    }

    @Test
    void readsFragmentNameAndRelativeOrdering() throws Exception {
        WebXml xml = fragment("""
                <web-fragment xmlns="https://jakarta.ee/xml/ns/jakartaee" metadata-complete="true">
                  <name>security</name>
                  <ordering><before><others/><name>web</name></before><after><name>core</name></after></ordering>
                  <listener><listener-class>L</listener-class></listener>
                </web-fragment>
                """);
        assertEquals("security", xml.fragmentName());
        assertTrue(xml.metadataComplete());
        assertEquals(List.of(WebXml.OTHERS, "web"), xml.before());
        assertEquals(List.of("core"), xml.after());
        assertNull(xml.absoluteOrdering());
        assertEquals(List.of("L"), xml.descriptor().listeners());
    }

    @Test
    void absentElementsLeaveDefaults() throws Exception {
        WebAppDescriptor d = parse("<web-app/>").descriptor();
        assertEquals(WebAppDescriptor.empty(), d);
        assertFalse(parse("<web-app/>").metadataComplete());
    }

    private static void assertError(String xml, String expectedPart) {
        WebappException e = assertThrows(WebappException.class, () -> parse(xml), xml);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
