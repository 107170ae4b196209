package dev.jgu.http;

import static dev.jgu.http.Parsing.config;
import static dev.jgu.http.Parsing.parse;
import static dev.jgu.http.Parsing.refuse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    private static final HttpConfig DEFAULTS = HttpConfig.defaults();

    private static RequestHead head(HttpConfig config, String wire) throws HttpException {
        RequestParser p = new RequestParser(config);
        assertTrue(p.parse(ByteBuffer.wrap(Parsing.bytes(wire))), "head complete");
        return p.head();
    }

    @Test
    void rejectsUnknownTransferCodingWith501() {
        HttpException e = refuse(DEFAULTS, "POST / HTTP/1.1\r\nTransfer-Encoding: br, chunked\r\n\r\n",
                HttpError.UNSUPPORTED_TRANSFER_CODING, "unknown-transfer-coding");
        assertEquals(501, e.status());
    }

    @Test
    void rejectsCodingWithoutFinalChunked() {
        refuse(DEFAULTS, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc",
                HttpError.INVALID_HEADER, "chunked-not-final");
    }

    @Test
    void refusesWhitespaceBeforeColonUnlessStripHeaderSpaces() throws HttpException {
        String wire = "POST / HTTP/1.1\r\nContent-Length : 3\r\n\r\nabc";
        refuse(DEFAULTS, wire, HttpError.INVALID_HEADER_NAME, "whitespace-before-colon");
        HttpConfig strip = config("strip_header_spaces", "true");
        assertEquals(3, head(strip, wire).contentLength());
    }

    @Test
    void rejectsContentLengthWithChunked() {
        refuse(DEFAULTS, "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                HttpError.INVALID_HEADER, "chunked-with-content-length");
    }

    @Test
    void rejectsExpectationOtherThanContinueWith417() {
        HttpException e = refuse(DEFAULTS, "POST / HTTP/1.1\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx",
                HttpError.EXPECTATION_FAILED, "unsupported-expectation");
        assertEquals(417, e.status());
    }

    @Test
    void flagsExpectContinueOnlyOnHttp11WithBody() throws HttpException {
        assertTrue(head(DEFAULTS, "POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n")
                .expectContinue());
        assertFalse(head(DEFAULTS, "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n")
                .expectContinue());
        assertFalse(head(DEFAULTS, "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n")
                .expectContinue());
    }

    @Test
    void rejectsOverlongChunkSize() {
        refuse(DEFAULTS, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\nx",
                HttpError.INVALID_CHUNK_SIZE, "chunk-size-too-large");
    }

    @Test
    void acceptsManyLeadingZerosInChunkSize() throws HttpException {
        List<ParseDriver.Message> m = parse(DEFAULTS,
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + "0".repeat(40) + "3\r\nabc\r\n0\r\n\r\n");
        assertEquals("abc", new String(m.get(0).body(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void rejectsEndlessChunkExtension() {
        refuse(DEFAULTS, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;" + "a".repeat(5000),
                HttpError.INVALID_CHUNK_SIZE, "chunk-line-too-long");
    }

    @Test
    void rejectsMissingCrlfAfterChunkData() {
        refuse(DEFAULTS, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
                HttpError.CHUNK_MISSING_TERMINATOR, "chunk-data-without-crlf");
    }

    @Test
    void rejectsChunkedBodyCutShort() {
        refuse(DEFAULTS, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
                HttpError.NO_MORE_DATA, "eof-in-chunked-body");
    }

    @Test
    void rejectsHeadCutShort() {
        refuse(DEFAULTS, "GET / HTTP/1.1\r\nHost: a\r\n", HttpError.NO_MORE_DATA, "eof-in-request-head");
    }

    @Test
    void keepsTrailersAndRefusesForbiddenOnes() throws HttpException {
        String chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n";
        assertEquals(List.of(List.of("X-SUM", "abc")), parse(DEFAULTS, chunked + "X-Sum: abc\r\n\r\n").get(0).trailers());
        refuse(DEFAULTS, chunked + "Authorization: x\r\n\r\n", HttpError.INVALID_HEADER_NAME, "forbidden-trailer-field");
    }

    @Test
    void limitsRequestLineAtTheSetting() throws HttpException {
        HttpConfig c = config("limit_request_line", "20");
        String ok = "GET /" + "a".repeat(6) + " HTTP/1.1";
        assertEquals(20, ok.length());
        parse(c, ok + "\r\n\r\n");
        HttpException e = refuse(c, "GET /" + "a".repeat(7) + " HTTP/1.1\r\n\r\n", HttpError.LIMIT_REQUEST_LINE,
                "request-line-too-long");
        assertEquals(414, e.status());
    }

    @Test
    void capsUnlimitedRequestLineAt8190() throws HttpException {
        HttpConfig c = config("limit_request_line", "0");
        parse(c, "GET /" + "a".repeat(8190 - 14) + " HTTP/1.1\r\n\r\n");
        refuse(c, "GET /" + "a".repeat(8191 - 14) + " HTTP/1.1\r\n\r\n", HttpError.LIMIT_REQUEST_LINE, null);
    }

    @Test
    void limitsFieldCountAndSizeWith431() {
        HttpException e = refuse(config("limit_request_fields", "1"), "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n",
                HttpError.LIMIT_REQUEST_HEADERS, "too-many-fields");
        assertEquals(431, e.status());
        refuse(config("limit_request_field_size", "8"), "GET / HTTP/1.1\r\nA: 1234\r\n\r\n",
                HttpError.LIMIT_REQUEST_HEADERS, "field-too-long");
    }

    @Test
    void countsDroppedFieldsAgainstTheLimit() {
        refuse(config("limit_request_fields", "1"), "GET / HTTP/1.1\r\nX_A: 1\r\nB: 2\r\n\r\n",
                HttpError.LIMIT_REQUEST_HEADERS, "too-many-fields");
    }

    @Test
    void appliesHeaderMapToUnderscoreNames() throws HttpException {
        String wire = "GET / HTTP/1.1\r\nX_Auth: 1\r\nX-Auth: 2\r\n\r\n";
        assertEquals(List.of(List.of("X-AUTH", "2")), parse(DEFAULTS, wire).get(0).headers());
        assertEquals(2, parse(config("header_map", "dangerous"), wire).get(0).headers().size());
        refuse(config("header_map", "refuse"), wire, HttpError.INVALID_HEADER_NAME, "underscore-in-field-name");
    }

    @Test
    void keepsForwarderHeadersOnlyFromTrustedPeers() throws HttpException {
        byte[] wire = Parsing.bytes("GET /app/x HTTP/1.1\r\nScript_Name: /app\r\n\r\n");
        RequestParser p = new RequestParser(DEFAULTS);
        p.connect(true, false);
        assertTrue(p.parse(ByteBuffer.wrap(wire)));
        assertEquals(1, p.head().fieldCount());
        p.connect(false, false);
        assertTrue(p.parse(ByteBuffer.wrap(wire)));
        assertEquals(0, p.head().fieldCount());
    }

    @Test
    void joinsFoldedLinesOnlyWhenPermitted() throws HttpException {
        String wire = "GET / HTTP/1.1\r\nX: a\r\n \t b \r\n\tc\r\n\r\n";
        refuse(DEFAULTS, wire, HttpError.OBSOLETE_FOLDING, "obs-fold");
        assertEquals(List.of(List.of("X", "a b c")),
                parse(config("permit_obsolete_folding", "true"), wire).get(0).headers());
    }

    @Test
    void enforcesTargetForms() throws HttpException {
        refuse(DEFAULTS, "GET * HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_LINE, "asterisk-form-not-options");
        refuse(DEFAULTS, "GET example.com:80 HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_LINE,
                "authority-form-not-connect");
        refuse(DEFAULTS, "CONNECT /x HTTP/1.1\r\n\r\n".replace("/x", "example.com"), HttpError.INVALID_REQUEST_LINE,
                "connect-needs-authority-form");
        refuse(DEFAULTS, "GET http://[::1/ HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_LINE, "invalid-authority");
        assertEquals("/p", parse(DEFAULTS, "GET https://h:1/p?q HTTP/1.1\r\n\r\n").get(0).path());
    }

    @Test
    void refusesRawNonAsciiTargetUnlessPermitted() throws HttpException {
        for (String target : List.of("/caf\u00c3\u00a9", "/a?q=\u00ff", "/a#\u0080", "http://h\u00e9st/", "\u00c3\u00a9")) {
            refuse(DEFAULTS, "GET " + target + " HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_LINE, "non-ascii-target");
        }
        assertEquals("/caf%C3%A9", parse(DEFAULTS, "GET /caf%C3%A9 HTTP/1.1\r\n\r\n").get(0).path());
        ParseDriver.Message m = parse(config("permit_non_ascii_target", "true"),
                "GET /caf\u00c3\u00a9?q=\u00ff HTTP/1.1\r\n\r\n").get(0);
        assertEquals("/caf\u00c3\u00a9", m.path());
        assertEquals("q=\u00ff", m.query());
    }

    @Test
    void acceptsOnlyHttp10And11() {
        refuse(DEFAULTS, "GET / HTTP/1.2\r\n\r\n", HttpError.INVALID_HTTP_VERSION, "unsupported-version");
        refuse(DEFAULTS, "GET / HTTP/1.1 \r\n\r\n", HttpError.INVALID_REQUEST_LINE, "not-three-parts");
        refuse(DEFAULTS, "GET / http/1.1\r\n\r\n", HttpError.INVALID_HTTP_VERSION, "malformed-version");
    }

    @Test
    void enforcesConventionalMethodsUnlessPermitted() throws HttpException {
        refuse(DEFAULTS, "GE / HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_METHOD, "method-length");
        refuse(DEFAULTS, "get / HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_METHOD, "method-unconventional");
        assertEquals("get", parse(config("permit_unconventional_http_method", "true"), "get / HTTP/1.1\r\n\r\n")
                .get(0).method());
        assertEquals("GET", parse(config("permit_unconventional_http_method", "true", "casefold_http_method", "true"),
                "get / HTTP/1.1\r\n\r\n").get(0).method());
    }

    @Test
    void rejectsControlCharactersInValuesAndTarget() {
        refuse(DEFAULTS, "GET / HTTP/1.1\r\nA: x\ry\r\n\r\n", HttpError.INVALID_HEADER, "control-character-in-value");
        refuse(DEFAULTS, "GET /\u0001 HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_LINE, "target-character");
    }

    @Test
    void skipsEmptyLinesBeforeTheRequestLine() throws HttpException {
        assertEquals("/", parse(DEFAULTS, "\r\n\r\nGET / HTTP/1.1\r\n\r\n").get(0).path());
    }

    @Test
    void decidesPersistencePerVersionAndConnectionTokens() throws HttpException {
        assertTrue(head(DEFAULTS, "GET / HTTP/1.1\r\n\r\n").keepAlive());
        assertFalse(head(DEFAULTS, "GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n").keepAlive());
        assertFalse(head(DEFAULTS, "GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(head(DEFAULTS, "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
    }

    @Test
    void parsesPipelinedRequestsWithBodies() throws HttpException {
        List<ParseDriver.Message> m = parse(DEFAULTS, "POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\n\r\n"
                + "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n");
        assertEquals(List.of("/a", "/b", "/c"), m.stream().map(ParseDriver.Message::path).toList());
    }

    @Test
    void believesSecureSchemeHeadersOnlyFromTrustedPeers() throws HttpException {
        byte[] wire = Parsing.bytes("GET / HTTP/1.1\r\nX-Forwarded-Proto: https\r\n\r\n");
        RequestParser p = new RequestParser(DEFAULTS);
        p.connect(true, false);
        assertTrue(p.parse(ByteBuffer.wrap(wire)));
        assertEquals("https", p.head().scheme());
        p.connect(false, false);
        assertTrue(p.parse(ByteBuffer.wrap(wire)));
        assertEquals("http", p.head().scheme());
    }

    @Test
    void skipsAtMostSixteenEmptyLinesBeforeTheRequestLine() throws HttpException {
        assertEquals("/", parse(DEFAULTS, "\r\n".repeat(16) + "GET / HTTP/1.1\r\n\r\n").get(0).path());
        refuse(DEFAULTS, "\r\n".repeat(17) + "GET / HTTP/1.1\r\n\r\n", HttpError.INVALID_REQUEST_LINE,
                "too-many-empty-lines");
        assertEquals(2, parse(DEFAULTS, "GET /a HTTP/1.1\r\n\r\n" + "\r\n".repeat(16) + "GET /b HTTP/1.1\r\n\r\n").size(),
                "the count starts again for each request");
    }

    @Test
    void endsQuietlyWhenOnlyEmptyLinesPrecedeTheClose() throws HttpException {
        assertEquals(List.of(), parse(DEFAULTS, "\r\n\r\n"));
        assertEquals(1, parse(DEFAULTS, "GET / HTTP/1.1\r\n\r\n\r\n").size());
    }

    @Test
    void saysWhetherARequestHasBegun() throws HttpException {
        RequestParser p = new RequestParser(DEFAULTS);
        assertFalse(p.inProgress());
        assertFalse(p.parse(ByteBuffer.wrap(Parsing.bytes("\r\n"))));
        assertFalse(p.inProgress(), "an empty line is no request");
        assertFalse(p.parse(ByteBuffer.wrap(Parsing.bytes("GE"))));
        assertTrue(p.inProgress());
        assertTrue(p.parse(ByteBuffer.wrap(Parsing.bytes("T / HTTP/1.1\r\n\r\n"))));
        assertFalse(p.inProgress(), "the head is complete");
    }

    @Test
    void holdsNoMoreMemoryAfterManyKeepAliveRequestsThanAfterOne() throws HttpException {
        String request = "GET /some/path HTTP/1.1\r\nHost: example.com\r\n\r\n";
        ParseDriver one = new ParseDriver(DEFAULTS, 7);
        assertEquals(1, one.run(ParseDriver.Split.WHOLE.apply(Parsing.bytes(request), new java.util.Random(7))).size());
        ParseDriver many = new ParseDriver(DEFAULTS, 7);
        assertEquals(500, many.run(ParseDriver.Split.RANDOM.apply(Parsing.bytes(request.repeat(500)),
                new java.util.Random(7))).size());
        assertEquals(one.maxHeadBuffer, many.maxHeadBuffer, "the head buffer grew with the number of requests");
    }
}
