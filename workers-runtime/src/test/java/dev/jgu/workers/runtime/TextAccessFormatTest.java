package dev.jgu.workers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgu.spi.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each of Gunicorn's atoms, rendered as Gunicorn 26 renders it (gunicorn/glogging.py and its tests/test_logger.py). */
class TextAccessFormatTest {

    static final String DEFAULT = "%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"";
    /** 2026-12-02T21:55:21.123Z */
    static final long WHEN = ZonedDateTime.of(2026, 12, 2, 21, 55, 21, 123_000_000, ZoneId.of("UTC")).toInstant().toEpochMilli();
    static final AccessTime UTC = new AccessTime(ZoneId.of("UTC"));

    static AccessEntry entry(FakeRequest request) {
        return new AccessEntry(request, Response.text(200, "hi").header("Content-Type", "text/plain"), 200, 2,
                1_234_567_890L, WHEN);
    }

    static String render(String format, AccessEntry entry) {
        return new TextAccessFormat(format, UTC).text(entry);
    }

    static String atom(String name, FakeRequest request) {
        return render("%(" + name + ")s", entry(request));
    }

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void defaultFormatIsGunicornsCombinedLine() {
        FakeRequest r = FakeRequest.get("/my/path?foo=bar").header("Referer", "http://a/").header("User-Agent", "curl/8")
                .header("Authorization", basic("brk0v:secret"));
        assertEquals("127.0.0.1 - brk0v [02/Dec/2026:21:55:21 +0000] \"GET /my/path?foo=bar HTTP/1.1\" 200 2 \"http://a/\" \"curl/8\"",
                render(DEFAULT, entry(r)));
    }

    @Test
    void hIsTheRemoteAddressAndADashOnAUnixSocket() {
        FakeRequest r = FakeRequest.get("/");
        assertEquals("127.0.0.1", atom("h", r));
        r.remoteAddress = "";
        assertEquals("-", atom("h", r));
    }

    @Test
    void lIsAlwaysADash() {
        assertEquals("-", atom("l", FakeRequest.get("/")));
    }

    @Test
    void uIsTheBasicAuthUserWhateverTheSchemeCase() {
        assertEquals("brk0v", atom("u", FakeRequest.get("/").header("Authorization", "Basic YnJrMHY6")));
        assertEquals("brk0v", atom("u", FakeRequest.get("/").header("Authorization", "basic YnJrMHY6")));
        assertEquals("brk0v", atom("u", FakeRequest.get("/").header("Authorization", "BASIC YnJrMHY6")));
        assertEquals("jos\u00e9", atom("u", FakeRequest.get("/").header("Authorization", basic("jos\u00e9:x"))));
        // no colon: the whole decoded value is the name, as Python's split(b":", 1)[0]
        assertEquals("alone", atom("u", FakeRequest.get("/").header("Authorization", basic("alone"))));
    }

    @Test
    void uIsADashWhenTheHeaderIsMissingMalformedOrNotUtf8() {
        assertEquals("-", atom("u", FakeRequest.get("/")));
        assertEquals("-", atom("u", FakeRequest.get("/").header("Authorization", "Bearer abc")));
        // Gunicorn's own test value: base64 of bytes that are not UTF-8
        assertEquals("-", atom("u", FakeRequest.get("/").header("Authorization", "Basic ixsTtkKzIpVTncfQjbBcnoRNoDfbnaXG")));
        assertEquals("-", atom("u", FakeRequest.get("/").header("Authorization", "Basic YnJrMHY")));
        assertEquals("-", atom("u", FakeRequest.get("/").header("Authorization", basic(":nobody"))));
        assertEquals("-", atom("u", FakeRequest.get("/").header("Authorization", "Basic")));
    }

    @Test
    void uEscapesAQuoteInTheName() {
        assertEquals("a\\\"b", atom("u", FakeRequest.get("/").header("Authorization", basic("a\"b:x"))));
    }

    @Test
    void tIsTheEndOfTheResponseInBracketsInTheLocalZone() {
        assertEquals("[02/Dec/2026:21:55:21 +0000]", atom("t", FakeRequest.get("/")));
        String paris = new TextAccessFormat("%(t)s", new AccessTime(ZoneId.of("Europe/Paris"))).text(entry(FakeRequest.get("/")));
        assertEquals("[02/Dec/2026:22:55:21 +0100]", paris);
    }

    @Test
    void rIsMethodRawTargetAndProtocol() {
        assertEquals("POST /a%20b?x=%22 HTTP/1.0", atom("r", new FakeRequest("POST", "/a%20b?x=%22", "HTTP/1.0")));
    }

    @Test
    void mUqAndHAreTheRequestsParts() {
        FakeRequest r = new FakeRequest("PATCH", "/caf%C3%A9/x?q=1&r", "HTTP/1.0");
        assertEquals("PATCH", atom("m", r));
        assertEquals("/caf\u00e9/x", atom("U", r));
        assertEquals("q=1&r", atom("q", r));
        assertEquals("HTTP/1.0", atom("H", r));
        assertEquals("", atom("q", FakeRequest.get("/")), "no query is an empty QUERY_STRING, not a dash");
    }

    @Test
    void sbAndBAreNumbersZeroIncluded() {
        FakeRequest r = FakeRequest.get("/");
        AccessEntry empty = new AccessEntry(r, null, 304, 0, 0, WHEN);
        assertEquals("304 0 0", render("%(s)s %(B)s %(b)s", empty));
        assertEquals("200 2 2", render("%(s)s %(B)s %(b)s", entry(r)));
    }

    @Test
    void fAndAAreDashWhenAbsentAndJoinedWhenRepeated() {
        assertEquals("- -", render("%(f)s %(a)s", entry(FakeRequest.get("/"))));
        FakeRequest r = FakeRequest.get("/").header("Referer", "").header("User-Agent", "a").header("User-Agent", "b");
        assertEquals(" a,b", render("%(f)s %(a)s", entry(r)));
    }

    @Test
    void durationsAreTruncatedFromTheMicroseconds() {
        assertEquals("1 1234 1234567 1.234567", render("%(T)s %(M)s %(D)s %(L)s", entry(FakeRequest.get("/"))));
        AccessEntry quick = new AccessEntry(FakeRequest.get("/"), null, 200, 0, 42_999L, WHEN);
        assertEquals("0 0 42 0.000042", render("%(T)s %(M)s %(D)s %(L)s", quick));
    }

    @Test
    void pIsThePidInAngleBrackets() {
        assertEquals("<" + ProcessHandle.current().pid() + ">", atom("p", FakeRequest.get("/")));
    }

    @Test
    void requestHeaderAtomIsCaseInsensitiveAndTakesTheLastField() {
        FakeRequest r = FakeRequest.get("/").header("X-Forwarded-For", "10.0.0.1").header("x-forwarded-for", "10.0.0.2");
        assertEquals("10.0.0.2", atom("{x-forwarded-for}i", r));
        assertEquals("10.0.0.2", atom("{X-Forwarded-For}i", r));
        assertEquals("-", atom("{x-missing}i", r));
    }

    @Test
    void responseHeaderAtomReadsTheAppsResponse() {
        assertEquals("text/plain", atom("{content-type}o", FakeRequest.get("/")));
        assertEquals("-", atom("{x-none}o", FakeRequest.get("/")));
        assertEquals("-", render("%({content-type}o)s", new AccessEntry(FakeRequest.get("/"), null, 500, 0, 0, WHEN)));
    }

    @Test
    void environAtomIgnoresCase() {
        FakeRequest r = FakeRequest.get("/p%C3%A9?a=1").header("Host", "example");
        assertEquals("127.0.0.1", atom("{remote_addr}e", r));
        assertEquals("127.0.0.1", atom("{REMOTE_ADDR}e", r));
        assertEquals("http", atom("{wsgi.url_scheme}e", r));
        assertEquals("example", atom("{http_host}e", r));
        assertEquals("/p\u00e9", atom("{path_info}e", r));
        assertEquals("-", atom("{nope}e", r));
    }

    @Test
    void unknownAtomsAreADashAndOtherTextStays() {
        FakeRequest r = FakeRequest.get("/");
        assertEquals("- - -", render("%(zz)s %({x}z)s %(Z)s", entry(r)));
        assertEquals("100% 5%(h) %(", render("100%% 5%(h) %(", entry(r)));
        assertEquals("[200]", render("[%(s)s]", entry(r)));
    }

    @Test
    void valuesAreEscapedAsJsonStringContent() {
        FakeRequest r = FakeRequest.get("/a%22b%5Cc%09d%0Ae%0Df%00g%7Fh%C2%85i%E2%80%A8j");
        assertEquals("/a\\\"b\\\\c\\td\\ne\\rf\\u0000g\\u007Fh\\u0085i\\u2028j", atom("U", r));
        assertEquals("say \\\"hi\\\"\\t\\\\", atom("a", FakeRequest.get("/").header("User-Agent", "say \"hi\"\t\\")));
    }

    @Test
    void wireBytesAreReadAsUtf8AndBadBytesBecomeReplacementChars() {
        byte[] utf8 = "caf\u00e9 \u65e5\u672c".getBytes(StandardCharsets.UTF_8);
        assertEquals("caf\u00e9 \u65e5\u672c", atom("a", FakeRequest.get("/").header("User-Agent", utf8)));
        byte[] bad = {'a', (byte) 0xff, 'b', (byte) 0xc3, 'c', (byte) 0xe2, (byte) 0x82};
        assertEquals("a\ufffdb\ufffdc\ufffd", atom("a", FakeRequest.get("/").header("User-Agent", bad)));
        assertEquals("/x\ufffd", atom("U", FakeRequest.get("/x%FF")));
        assertEquals("GET /\u00e9 HTTP/1.1", atom("r", new FakeRequest("GET", new String("/\u00e9".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1), "HTTP/1.1")));
    }

    @Test
    void aJsonShapedFormatStaysValidJsonForHostileValues() throws Exception {
        String format = "{\"path\": \"%(U)s\", \"ua\": \"%(a)s\", \"status\": %(s)s, \"q\": \"%(q)s\", \"ref\": \"%({referer}i)s\"}";
        byte[] hostileUa = {'"', '\\', '\t', 0x7f, (byte) 0xc0, (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xc2, (byte) 0x9b};
        FakeRequest r = FakeRequest.get("/%22%5C%0A%09%00%FF%E2%80%A9?x=%0A\"\\").header("User-Agent", hostileUa)
                .header("Referer", "\"},{\"injected\": true");
        String line = render(format, entry(r));
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("/\"\\\n\t\u0000\ufffd\u2029", json.get("path").asText());
        assertEquals(new String(hostileUa, StandardCharsets.UTF_8), json.get("ua").asText());
        assertEquals(200, json.get("status").asInt());
        assertEquals("x=%0A\"\\", json.get("q").asText());
        assertEquals("\"},{\"injected\": true", json.get("ref").asText());
        assertEquals(5, json.size());
    }
}
