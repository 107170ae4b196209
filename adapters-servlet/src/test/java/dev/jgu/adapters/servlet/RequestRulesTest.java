package dev.jgu.adapters.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.MappingMatch;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules under a request: path canonicalization, mapping, form data, cookies, locales, dates. */
class RequestRulesTest {

    @Test
    void canonicalPathsDropParametersAndDotSegmentsAndRefuseWhatHidesTraversal() throws Exception {
        assertEquals("/a/b", CanonicalPath.of("/a/./b"));
        assertEquals("/b", CanonicalPath.of("/a/../b"));
        assertEquals("/a/b/", CanonicalPath.of("/a/b/"));
        assertEquals("/a/", CanonicalPath.of("/a/b/.."));
        assertEquals("/a/b", CanonicalPath.of("/a;x=1/b;jsessionid=2"));
        assertEquals("/a/b", CanonicalPath.of("//a//b"));
        assertEquals("/caf\u00e9", CanonicalPath.of("/caf%C3%A9"));
        assertEquals("/", CanonicalPath.of("/"));
        assertEquals("/a/", CanonicalPath.of("/a/%2e/"));
        for (String bad : List.of("/..", "/a/../..", "/%2e%2e/x", "/a%2Fb", "/a%5cb", "/a%00", "/a%0Ab", "/a%", "/a%zz", "/%C3", "x")) {
            assertThrows(CanonicalPath.BadPath.class, () -> CanonicalPath.of(bad), bad);
        }
    }

    @Test
    void mappingFollowsTheSpecsOrderAndFillsTheMapping() {
        ServletMapper<String> m = new ServletMapper<>();
        assertTrue(m.add("/catalog", "c", "exact"));
        assertTrue(m.add("/catalog/*", "c", "prefix"));
        assertTrue(m.add("/*", "all", "everything"));
        assertTrue(m.add("*.jsp", "jsp", "ext"));
        assertFalse(m.add("*.jsp", "other", "again"), "a pattern maps once");
        assertThrows(IllegalArgumentException.class, () -> m.add("/a/*.jsp", "x", "x"));
        assertThrows(IllegalArgumentException.class, () -> m.add("catalog", "x", "x"));
        assertThrows(IllegalArgumentException.class, () -> m.add("*./x", "x", "x"));
        assertEquals("exact", m.match("/catalog").target());
        assertEquals(MappingMatch.EXACT, m.match("/catalog").mapping().getMappingMatch());
        ServletMapper.Match<String> prefix = m.match("/catalog/index.html");
        assertEquals("prefix", prefix.target());
        assertEquals("/catalog", prefix.servletPath());
        assertEquals("/index.html", prefix.pathInfo());
        assertEquals("index.html", prefix.mapping().getMatchValue());
        assertEquals("/catalog/*", prefix.mapping().getPattern());
        assertEquals("everything", m.match("/catalogs").target(), "a prefix matches whole segments");
        assertEquals("everything", m.match("/x.jsp").target(), "/* beats extensions");
        ServletMapper<String> ext = new ServletMapper<>();
        ext.add("*.jsp", "jsp", "ext");
        ext.add("/", "default", "default");
        assertEquals("ext", ext.match("/a/b.jsp").target());
        assertEquals("/a/b.jsp", ext.match("/a/b.jsp").servletPath());
        assertNull(ext.match("/a/b.jsp").pathInfo());
        assertEquals("default", ext.match("/a.jsp/b").target(), "the extension is the last segment's");
        assertEquals(MappingMatch.DEFAULT, ext.match("/x").mapping().getMappingMatch());
        assertEquals("/x", ext.match("/x").servletPath());
        assertNull(new ServletMapper<String>().match("/x"), "nothing mapped, no default");
    }

    @Test
    void formDataDecodesInTheGivenCharsetAndKeepsBadEscapes() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        FormData.parse("a=1&a=2&b=&c&&d=x+y%21&e=%E2%82%AC&f=100%&g=%zz", StandardCharsets.UTF_8, p);
        assertEquals(List.of("1", "2"), p.get("a"));
        assertEquals(List.of(""), p.get("b"));
        assertEquals(List.of(""), p.get("c"));
        assertEquals(List.of("x y!"), p.get("d"));
        assertEquals(List.of("\u20ac"), p.get("e"));
        assertEquals(List.of("100%"), p.get("f"));
        assertEquals(List.of("%zz"), p.get("g"));
        Map<String, List<String>> latin = new LinkedHashMap<>();
        FormData.parse("n=%E9", StandardCharsets.ISO_8859_1, latin);
        assertEquals(List.of("\u00e9"), latin.get("n"));
    }

    @Test
    void cookiesAreParsedLenientlyAndFormattedWithTheirAttributes() {
        List<Cookie> cookies = Cookies.parse(List.of("a=1; b=\"two\"; =x; bad name=3; $Version=1", "c=3"));
        assertEquals(List.of("a=1", "b=two", "c=3"), cookies.stream().map(c -> c.getName() + "=" + c.getValue()).toList());
        Cookie cookie = new Cookie("id", "v");
        cookie.setPath("/shop");
        cookie.setHttpOnly(true);
        cookie.setSecure(true);
        cookie.setAttribute("SameSite", "Strict");
        assertEquals("id=v; Path=/shop; Secure; HttpOnly; SameSite=Strict", Cookies.format(cookie));
        Cookie gone = new Cookie("id", "");
        gone.setMaxAge(0);
        assertEquals("id=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT", Cookies.format(gone));
    }

    @Test
    void localesComeByWeightThenOrder() {
        assertEquals(List.of(Locale.forLanguageTag("de-CH"), Locale.forLanguageTag("fr"), Locale.forLanguageTag("en")),
                AcceptLanguage.parse(List.of("en;q=0.5, de-CH, fr;q=0.9, it;q=0")));
        assertEquals(List.of(Locale.getDefault()), AcceptLanguage.parse(List.of()));
    }

}
