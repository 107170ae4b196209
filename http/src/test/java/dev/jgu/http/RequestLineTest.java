package dev.jgu.http;

import static dev.jgu.http.Parsing.config;
import static dev.jgu.http.Parsing.refuse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request line (RFC 9112 §3) as the parser reads it, under every input splitting: its
 * three parts, Gunicorn's method policy, the four target forms and how each splits into path,
 * query and fragment, and the version.
 */
class RequestLineTest {

    private static final HttpConfig DEFAULTS = HttpConfig.defaults();
    private static final HttpConfig ANY_METHOD = config("permit_unconventional_http_method", "true");

    private static ParseDriver.Message parse(HttpConfig config, String line) throws HttpException {
        List<ParseDriver.Message> m = Parsing.parse(config, line + "\r\n\r\n");
        assertEquals(1, m.size(), line);
        return m.get(0);
    }

    private static ParseDriver.Message parse(String line) throws HttpException {
        return parse(DEFAULTS, line);
    }

    /** @return path, query and fragment of the target, joined by '|' */
    private static String parts(String target) throws HttpException {
        ParseDriver.Message m = parse("GET " + target + " HTTP/1.1");
        assertEquals(target, m.uri(), "the uri is the target as received");
        return m.path() + "|" + m.query() + "|" + m.fragment();
    }

    private static void refuseLine(HttpConfig config, String line, HttpError error, String rule) {
        refuse(config, line + "\r\n\r\n", error, rule);
    }

    private static void refuseLine(String line, HttpError error, String rule) {
        refuseLine(DEFAULTS, line, error, rule);
    }

    private static void refuseTarget(String target, String rule) {
        refuseLine("GET " + target + " HTTP/1.1", HttpError.INVALID_REQUEST_LINE, rule);
    }

    @Test
    void needsExactlyThreePartsSeparatedBySingleSpaces() {
        refuseLine("GET", HttpError.INVALID_REQUEST_LINE, "not-three-parts");
        refuseLine("GET /", HttpError.INVALID_REQUEST_LINE, "not-three-parts");
        refuseLine("GET / HTTP/1.1 x", HttpError.INVALID_REQUEST_LINE, "not-three-parts");
        refuseLine("GET  / HTTP/1.1", HttpError.INVALID_REQUEST_LINE, "not-three-parts");
        refuseLine("GET  HTTP/1.1", HttpError.INVALID_REQUEST_LINE, "empty-target");
        refuseLine(" / HTTP/1.1", HttpError.INVALID_REQUEST_METHOD, "method-length");
        refuseLine(ANY_METHOD, " / HTTP/1.1", HttpError.INVALID_REQUEST_METHOD, "method-length");
    }

    @Test
    void acceptsMethodsOfThreeToTwentyCharactersByDefault() throws HttpException {
        assertEquals("PUT", parse("PUT / HTTP/1.1").method());
        assertEquals("A".repeat(20), parse("A".repeat(20) + " / HTTP/1.1").method());
        refuseLine("A".repeat(21) + " / HTTP/1.1", HttpError.INVALID_REQUEST_METHOD, "method-length");
        refuseLine("AB / HTTP/1.1", HttpError.INVALID_REQUEST_METHOD, "method-length");
        assertEquals("A".repeat(21), parse(ANY_METHOD, "A".repeat(21) + " / HTTP/1.1").method());
        assertEquals("A", parse(ANY_METHOD, "A / HTTP/1.1").method());
    }

    @Test
    void refusesLowerCaseAndHashInMethodsUnlessPermitted() throws HttpException {
        for (String method : List.of("aGET", "GETz", "GE#T")) {
            refuseLine(method + " / HTTP/1.1", HttpError.INVALID_REQUEST_METHOD, "method-unconventional");
            assertEquals(method, parse(ANY_METHOD, method + " / HTTP/1.1").method());
        }
        assertEquals("M-SEARCH", parse("M-SEARCH / HTTP/1.1").method());
        assertEquals("GET`~!", parse("GET`~! / HTTP/1.1").method(), "other token characters are conventional");
    }

    @Test
    void refusesMethodsThatAreNotTokensEvenWhenPermitted() {
        for (String method : List.of("GE{T", "GE\"T", "G\u00c9T")) {
            refuseLine(method + " / HTTP/1.1", HttpError.INVALID_REQUEST_METHOD, "method-not-token");
            refuseLine(ANY_METHOD, method + " / HTTP/1.1", HttpError.INVALID_REQUEST_METHOD, "method-not-token");
        }
    }

    @Test
    void keepsUnknownMethodsAsSent() throws HttpException {
        assertEquals("PROPFIND", parse("PROPFIND / HTTP/1.1").method());
        assertEquals("Propfind", parse(ANY_METHOD, "Propfind / HTTP/1.1").method());
        assertEquals("PROPFIND", parse(config("permit_unconventional_http_method", "true", "casefold_http_method", "true"),
                "Propfind / HTTP/1.1").method());
    }

    @Test
    void splitsAnOriginFormTargetAtTheFirstQuestionMarkAndHash() throws HttpException {
        assertEquals("/a/b|x=1&y|frag", parts("/a/b?x=1&y#frag"));
        assertEquals("/a|b?c|", parts("/a?b?c"));
        assertEquals("/a||c?d", parts("/a#c?d"));
        assertEquals("/a||", parts("/a?"));
        assertEquals("/a||", parts("/a#"));
        assertEquals("/||", parts("/?#"));
        assertEquals("/|q|", parts("/?q"));
        assertEquals("/||f#g", parts("/#f#g"));
    }

    @Test
    void takesAnAsteriskAloneAsTheAsteriskFormOfOptions() throws HttpException {
        ParseDriver.Message m = parse("OPTIONS * HTTP/1.1");
        assertEquals("*", m.uri());
        assertEquals("*", m.path());
        refuseLine("OPTIONS *x HTTP/1.1", HttpError.INVALID_REQUEST_LINE, "relative-target");
        refuseTarget("*", "asterisk-form-not-options");
    }

    @Test
    void splitsAnAbsoluteFormTargetAfterItsAuthority() throws HttpException {
        assertEquals("/p|q|f", parts("http://example.com:8080/p?q#f"));
        assertEquals("||", parts("http://example.com"));
        assertEquals("|q|", parts("http://example.com?q"));
        assertEquals("||f", parts("http://example.com#f"));
        assertEquals("/p||", parts("HTTPS://h/p"));
    }

    @Test
    void acceptsEverySchemeCharacterOfRfc3986() throws HttpException {
        for (String scheme : List.of("a", "z", "A", "Z", "svn+ssh", "x-y", "x.y", "h0", "h9")) {
            assertEquals("/p||", parts(scheme + "://h/p"), scheme);
        }
    }

    @Test
    void refusesARelativeTarget() {
        for (String target : List.of("foo", "a/b", "http:", "http:/", "http:/x", "http:x//", "9a://h/", "a_b://h/",
                "@://h/", "[://h/", "`://h/", "{://h/", ":80", "example.com:", "example.com:8x", "example.com:80/x",
                "a/b:80")) {
            refuseTarget(target, "relative-target");
        }
        refuseTarget("example.com:80", "authority-form-not-connect");
        refuseTarget("h:9", "authority-form-not-connect");
    }

    @Test
    void acceptsBracketsOnlyAroundAnIpv6HostWithAnOptionalPort() throws HttpException {
        assertEquals("/p||", parts("http://[::1]/p"));
        assertEquals("/p||", parts("http://[::1]:8080/p"));
        assertEquals("|q|", parts("http://[::1]:9?q"));
        assertEquals("||f", parts("http://[2001:db8::1]#f"));
        assertEquals("||", parts("http://[::1]"));
        assertEquals("/p||", parts("http://user@[::1]:80/p"));
        assertEquals("/p||", parts("http://u@[::1]/p"));
        assertEquals("/p||", parts("http://@[::1]/p"));
        assertEquals("/p||", parts("http://[x]@h/p"), "brackets in the userinfo are not the host's");
        for (String target : List.of("http://[::1]:/p", "http://[::1]:8x/p", "http://[::1]x/p", "http://h[::1]/p",
                "http://[::1]]/p", "http://]/p", "http://h]/@", "http://[::1]x/@", "http://[/p", "http://[zz]/p",
                "http://[1.2.3]/p", "http://[::1]:/",
                "http://[127.0.0.1]/p", "http://[127.0.0.1]:80/p")) {
            refuseTarget(target, "invalid-authority");
        }
    }

    @Test
    void readsAConnectTargetAsHostAndPort() throws HttpException {
        // Gunicorn's urlsplit takes "host:443" as scheme "host" with path "443"; a host that cannot be a
        // scheme keeps the whole target as its path.
        assertEquals("443", connectPath("example.com:443"));
        assertEquals("9", connectPath("a+b.c-d9:9"));
        assertEquals("a_b:443", connectPath("a_b:443"));
        assertEquals("10.0.0.1:8080", connectPath("10.0.0.1:8080"));
        assertEquals("[::1]:8443", connectPath("[::1]:8443"));
        for (String target : List.of(":443", "h:", "h:4x3", "h:x", "h", "h/x:443", "h:443/", "h?:443", "h#:443",
                "u@h:443")) {
            refuseLine("CONNECT " + target + " HTTP/1.1", HttpError.INVALID_REQUEST_LINE, "connect-needs-authority-form");
        }
        for (String target : List.of("[::1:443", "[::1]x:443", "h]:443", "[zz]:443", "[10.0.0.1]:443")) {
            refuseLine("CONNECT " + target + " HTTP/1.1", HttpError.INVALID_REQUEST_LINE, "invalid-authority");
        }
    }

    private static String connectPath(String target) throws HttpException {
        ParseDriver.Message m = parse("CONNECT " + target + " HTTP/1.1");
        assertEquals(target, m.uri());
        assertEquals("", m.query());
        assertEquals("", m.fragment());
        return m.path();
    }

    @Test
    void readsTheMinorVersionOfHttp10And11() throws HttpException {
        assertEquals(0, parse("GET / HTTP/1.0").minor());
        assertEquals(1, parse("GET / HTTP/1.1").minor());
    }

    @Test
    void refusesAVersionNotSpelledHttpDigitDotDigit() {
        for (String version : List.of("HTTP/1.", "HTTP/1.10", "HTTP/11", "XTTP/1.1", "HXTP/1.1", "HTXP/1.1", "HTTX/1.1",
                "HTTP-1.1", "HTTP/1,1", "HTTP/x.1", "HTTP/1.x", "HTTP/:.1", "HTTP/1.:", "HTTP//.1", "HTTP/1./", "http/1.1")) {
            refuseLine("GET / " + version, HttpError.INVALID_HTTP_VERSION, "malformed-version");
        }
    }

    @Test
    void refusesVersionsOtherThan10And11() {
        for (String version : List.of("HTTP/0.9", "HTTP/1.2", "HTTP/1.9", "HTTP/2.0", "HTTP/2.1", "HTTP/9.9")) {
            refuseLine("GET / " + version, HttpError.INVALID_HTTP_VERSION, "unsupported-version");
        }
    }
}
