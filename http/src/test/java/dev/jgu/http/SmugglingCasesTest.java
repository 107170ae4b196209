package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The codec's own request-smuggling cases: framings that a front end and jgu could read as
 * different messages (RFC 9112 §6.1, §6.3, §11.2). Each is refused by the parser under every
 * input splitting; on a connection it ends the connection, and a request pipelined after it
 * never reaches the app, whether the app reads the body or leaves it to be drained.
 */
class SmugglingCasesTest {

    /** What an attacker hides after the body, for a front end that framed the message the other way. */
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

    private record Case(String name, String request, HttpError error, String rule) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case refused(String name, String request, HttpError error, String rule) {
        return new Case(name, request, error, rule);
    }

    private static Case badHeader(String name, String request, String rule) {
        return refused(name, request, HttpError.INVALID_HEADER, rule);
    }

    private static final String POST = "POST / HTTP/1.1\r\nHost: a\r\n";
    private static final String POST_10 = "POST / HTTP/1.0\r\nConnection: keep-alive\r\n";
    private static final String CHUNKED_BODY = "5\r\nhello\r\n0\r\n\r\n";

    private static final List<Case> CASES = List.of(
            // A Transfer-Encoding whose final coding is not chunked (RFC 9112 §6.1): 400, whatever else frames it.
            badHeader("identity-with-content-length", POST + "Transfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello",
                    "chunked-not-final"),
            badHeader("content-length-then-identity", POST + "Content-Length: 5\r\nTransfer-Encoding: identity\r\n\r\nhello",
                    "chunked-not-final"),
            badHeader("identity-upper-case", POST + "Transfer-Encoding: IDENTITY\r\nContent-Length: 5\r\n\r\nhello",
                    "chunked-not-final"),
            badHeader("identity-without-length", POST + "Transfer-Encoding: identity\r\n\r\n", "chunked-not-final"),
            badHeader("identity-twice", POST + "Transfer-Encoding: identity, identity\r\nContent-Length: 5\r\n\r\nhello",
                    "chunked-not-final"),
            badHeader("identity-on-http-1.0-keep-alive",
                    POST_10 + "Transfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello", "chunked-not-final"),
            badHeader("identity-on-http-1.0-without-length", POST_10 + "Transfer-Encoding: identity\r\n\r\n",
                    "chunked-not-final"),
            badHeader("gzip-with-content-length", POST + "Transfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello",
                    "chunked-not-final"),
            badHeader("gzip-without-length", POST + "Transfer-Encoding: gzip\r\n\r\n", "chunked-not-final"),
            // Empty members (RFC 9110 §5.6.1 would skip them; a front end may count them instead).
            badHeader("empty-field-with-content-length", POST + "Transfer-Encoding:\r\nContent-Length: 5\r\n\r\nhello",
                    "empty-transfer-coding"),
            badHeader("blank-field-with-content-length", POST + "Transfer-Encoding: \t \r\nContent-Length: 5\r\n\r\nhello",
                    "empty-transfer-coding"),
            badHeader("empty-field-without-length", POST + "Transfer-Encoding:\r\n\r\n", "empty-transfer-coding"),
            badHeader("only-commas-with-content-length", POST + "Transfer-Encoding: , ,\r\nContent-Length: 5\r\n\r\nhello",
                    "empty-transfer-coding"),
            badHeader("empty-field-on-http-1.0-keep-alive", POST_10 + "Transfer-Encoding:\r\nContent-Length: 5\r\n\r\nhello",
                    "empty-transfer-coding"),
            badHeader("chunked-then-empty-member", POST + "Transfer-Encoding: chunked,\r\n\r\n" + CHUNKED_BODY,
                    "empty-transfer-coding"),
            badHeader("empty-member-then-chunked", POST + "Transfer-Encoding: , chunked\r\n\r\n" + CHUNKED_BODY,
                    "empty-transfer-coding"),
            badHeader("empty-member-between-codings", POST + "Transfer-Encoding: gzip,,chunked\r\n\r\n" + CHUNKED_BODY,
                    "empty-transfer-coding"),
            badHeader("chunked-then-empty-field", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding:\r\n\r\n"
                    + CHUNKED_BODY, "empty-transfer-coding"),
            badHeader("empty-field-then-chunked", POST + "Transfer-Encoding:\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + CHUNKED_BODY, "empty-transfer-coding"),
            // Chunked, but not alone or not last.
            badHeader("chunked-with-content-length", POST + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                    + CHUNKED_BODY, "chunked-with-content-length"),
            badHeader("identity-chunked-with-content-length", POST
                    + "Transfer-Encoding: identity, chunked\r\nContent-Length: 5\r\n\r\n" + CHUNKED_BODY,
                    "chunked-with-content-length"),
            badHeader("chunked-twice", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n" + CHUNKED_BODY,
                    "chunked-not-last"),
            badHeader("chunked-then-identity-field", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n"
                    + CHUNKED_BODY, "chunked-not-last"),
            badHeader("chunked-on-http-1.0-keep-alive", POST_10 + "Transfer-Encoding: chunked\r\n\r\n" + CHUNKED_BODY,
                    "chunked-on-http-1.0"),
            // Spellings of chunked that are not chunked: never guessed at.
            refused("quoted-chunked", POST + "Transfer-Encoding: \"chunked\"\r\n\r\n" + CHUNKED_BODY,
                    HttpError.UNSUPPORTED_TRANSFER_CODING, "unknown-transfer-coding"),
            refused("chunked-with-parameter", POST + "Transfer-Encoding: chunked;q=1\r\n\r\n" + CHUNKED_BODY,
                    HttpError.UNSUPPORTED_TRANSFER_CODING, "unknown-transfer-coding"),
            refused("chunked-with-suffix", POST + "Transfer-Encoding: chunkedx\r\nContent-Length: 5\r\n\r\nhello",
                    HttpError.UNSUPPORTED_TRANSFER_CODING, "unknown-transfer-coding"),
            badHeader("vertical-tab-before-chunked", POST + "Transfer-Encoding: \u000bchunked\r\nContent-Length: 5\r\n\r\n"
                    + "hello", "control-character-in-value"),
            badHeader("bare-cr-after-chunked", POST + "Transfer-Encoding: chunked\rX: y\r\nContent-Length: 5\r\n\r\nhello",
                    "control-character-in-value"),
            badHeader("bare-lf-hides-the-field", POST + "X: a\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello",
                    "control-character-in-value"),
            refused("space-before-colon", POST + "Transfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\nhello",
                    HttpError.INVALID_HEADER_NAME, "whitespace-before-colon"),
            refused("tab-before-colon", POST + "Transfer-Encoding\t: chunked\r\nContent-Length: 5\r\n\r\nhello",
                    HttpError.INVALID_HEADER_NAME, "whitespace-before-colon"),
            refused("non-ascii-in-name", POST + "Transfer-Encoding\u00a0: chunked\r\nContent-Length: 5\r\n\r\nhello",
                    HttpError.INVALID_HEADER_NAME, "invalid-field-name"),
            refused("folded-coding", POST + "Transfer-Encoding: gzip\r\n chunked\r\nContent-Length: 5\r\n\r\nhello",
                    HttpError.OBSOLETE_FOLDING, "obs-fold"),
            // Content-Length: one field, digits only (RFC 9110 §8.6).
            badHeader("content-length-twice-equal", POST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
                    "content-length-duplicate"),
            badHeader("content-length-list", POST + "Content-Length: 5, 5\r\n\r\nhello", "content-length-not-digits"),
            badHeader("content-length-plus", POST + "Content-Length: +5\r\n\r\nhello", "content-length-not-digits"),
            badHeader("content-length-negative", POST + "Content-Length: -5\r\n\r\nhello", "content-length-not-digits"),
            badHeader("content-length-hex", POST + "Content-Length: 0x5\r\n\r\nhello", "content-length-not-digits"),
            badHeader("content-length-inner-space", POST + "Content-Length: 5 0\r\n\r\nhello", "content-length-not-digits"),
            badHeader("content-length-empty", POST + "Content-Length:\r\n\r\nhello", "content-length-empty"),
            refused("content-length-overflow", POST + "Content-Length: 18446744073709551621\r\n\r\nhello",
                    HttpError.INVALID_HEADER, "content-length-too-large"),
            // The chunked body itself (RFC 9112 §7.1): sizes, CRLFs and trailers exactly as written.
            refused("chunk-size-hex-prefix", POST + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
                    HttpError.INVALID_CHUNK_SIZE, "chunk-size-not-hex"),
            refused("chunk-size-negative", POST + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
                    HttpError.INVALID_CHUNK_SIZE, "chunk-size-missing"),
            refused("chunk-size-overflow", POST + "Transfer-Encoding: chunked\r\n\r\n10000000000000005\r\nhello\r\n0\r\n\r\n",
                    HttpError.INVALID_CHUNK_SIZE, "chunk-size-too-large"),
            refused("chunk-size-bare-lf", POST + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
                    HttpError.INVALID_CHUNK_SIZE, "chunk-size-not-hex"),
            refused("chunk-data-bare-lf", POST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n",
                    HttpError.CHUNK_MISSING_TERMINATOR, "chunk-data-without-crlf"),
            refused("chunk-data-longer-than-size", POST + "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
                    HttpError.CHUNK_MISSING_TERMINATOR, "chunk-data-without-crlf"),
            refused("chunk-extension-bare-lf", POST + "Transfer-Encoding: chunked\r\n\r\n5;a=\nb\r\nhello\r\n0\r\n\r\n",
                    HttpError.INVALID_CHUNK_EXTENSION, "control-character-in-chunk-extension"),
            refused("trailer-content-length", POST + "Transfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\n\r\n",
                    HttpError.INVALID_HEADER_NAME, "forbidden-trailer-field"),
            refused("trailer-transfer-encoding", POST + "Transfer-Encoding: chunked\r\n\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n",
                    HttpError.INVALID_HEADER_NAME, "forbidden-trailer-field"));

    private static final HttpConfig DEFAULTS = HttpConfig.defaults();

    @TestFactory
    Stream<DynamicTest> parserRefusesUnderEverySplitting() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> Parsing.refuse(DEFAULTS, c.request() + SMUGGLED, c.error(), c.rule())));
    }

    @TestFactory
    Stream<DynamicTest> connectionClosesAndNeverServesTheSmuggledRequest() {
        return CASES.stream().flatMap(c -> Stream.of(
                DynamicTest.dynamicTest(c.name() + " (app reads the body)", () -> served(c, true)),
                DynamicTest.dynamicTest(c.name() + " (app leaves the body unread)", () -> served(c, false))));
    }

    private static void served(Case c, boolean appReadsBody) throws Exception {
        MemoryTransport t = new MemoryTransport(c.request() + SMUGGLED);
        List<String> seen = new ArrayList<>();
        App app = req -> {
            seen.add(req.uri());
            if (appReadsBody) {
                req.body().readAllBytes();
            }
            return Response.text(200, "ok");
        };
        RecordingLog log = new RecordingLog();
        Http1Connection connection = new Http1Connection(t, new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000,
                false), DEFAULTS, app, log, RequestObserver.NONE);
        assertFalse(connection.serveOne(true), c + ": the connection must be closed, output: " + t.output());
        assertFalse(seen.contains("/smuggled"), c + ": smuggled request served");
        assertTrue(log.contains("rule=" + c.rule()), c + ": " + log.lines);
        if (seen.isEmpty()) {
            String out = t.output();
            assertTrue(out.startsWith("HTTP/1.1 " + c.error().status() + " "), c + ": " + out);
            assertTrue(out.contains("\r\nConnection: close\r\n"), c + ": " + out);
            assertEquals(1, out.split("HTTP/1.1 ", -1).length - 1, c + ": one response only: " + out);
        }
    }

    @Test
    void framesIdentityBeforeChunkedByTheChunks() throws Exception {
        List<ParseDriver.Message> m = Parsing.parse(DEFAULTS, POST + "Transfer-Encoding: identity, chunked\r\n\r\n"
                + CHUNKED_BODY + SMUGGLED);
        assertEquals(List.of("/", "/smuggled"), m.stream().map(ParseDriver.Message::path).toList());
        assertEquals("hello", new String(m.get(0).body(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void closesAfterAContentCodedChunkedBody() throws Exception {
        // A compressed body cannot be skipped reliably; Gunicorn closes after it, and so does jgu.
        List<ParseDriver.Message> m = Parsing.parse(DEFAULTS, POST + "Transfer-Encoding: gzip, chunked\r\n\r\n"
                + CHUNKED_BODY + SMUGGLED);
        assertEquals(1, m.size());
    }
}
