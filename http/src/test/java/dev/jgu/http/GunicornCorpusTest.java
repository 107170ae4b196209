package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of Gunicorn's request corpus ({@code ../shared/conformance/gunicorn-requests}),
 * each under several input splittings: whole, byte by byte, one byte then the rest, and
 * random chunks (fixed seeds, heap slices and direct buffers). Results must not depend on
 * the split.
 */
class GunicornCorpusTest {

    /** Random splittings per case (each with its own fixed seed). */
    private static final int RANDOM_SPLITS = 4;

    /**
     * Cases jgu refuses on purpose where Gunicorn accepts them. They are not skipped: each is
     * asserted to be refused with the error and rule named here, and where a setting restores
     * Gunicorn's behaviour the case's own expectation is checked under that setting as well.
     */
    private static final Map<String, Deviation> DEVIATIONS = Map.of(
            // Transfer-Encoding: identity framed by its Content-Length is a request-smuggling vector;
            // RFC 9112 §6.1 asks for 400 and a close (SmugglingCasesTest). No setting brings it back.
            "valid/009", new Deviation(HttpError.INVALID_HEADER, "chunked-not-final", Map.of()),
            // Raw bytes >= 0x80 in the target: RFC 9112 §3.2 asks for 400; a front end and the app may decode
            // them into different paths. permit_non_ascii_target accepts them as Gunicorn does.
            "valid/027", new Deviation(HttpError.INVALID_REQUEST_LINE, "non-ascii-target",
                    Map.of("permit_non_ascii_target", "true")));

    /** @param restoredBy settings under which the case's own expectation holds; empty when none does */
    private record Deviation(HttpError error, String rule, Map<String, String> restoredBy) {
    }

    private static final Path DIR = Corpus.directory();

    /** The corpus lives outside the repository: an outside clone skips it, loudly, and shows one skipped test. */
    @Test
    void corpusIsAvailable() {
        if (DIR == null) {
            System.err.println("""
                    ************************************************************************
                    * GunicornCorpusTest SKIPPED: no corpus at jgu.conformance.dir=%s
                    * (expected <dir>/gunicorn-requests). The 137 conformance cases did NOT
                    * run. Check out ../shared next to the repository to run them.
                    ************************************************************************"""
                    .formatted(System.getProperty("jgu.conformance.dir")));
        }
        Assumptions.assumeTrue(DIR != null, "conformance corpus absent");
        assertEquals(137, Corpus.load(DIR).size(), "corpus case count");
    }

    @TestFactory
    Stream<DynamicTest> corpus() {
        if (DIR == null) {
            return Stream.empty();
        }
        List<Corpus.Case> cases = Corpus.load(DIR);
        List<String> names = cases.stream().map(Corpus.Case::toString).toList();
        assertTrue(names.containsAll(DEVIATIONS.keySet()), "a deviation names no corpus case: " + DEVIATIONS.keySet());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    private static void check(Corpus.Case c) throws Exception {
        Deviation deviation = DEVIATIONS.get(c.toString());
        if (deviation != null) {
            checkDeviation(c, deviation);
            return;
        }
        check(c, Corpus.config(c.config()));
    }

    private static void checkDeviation(Corpus.Case c, Deviation d) throws Exception {
        HttpConfig config = Corpus.config(c.config());
        for (Splitting s : splittings(c)) {
            HttpException e = assertThrows(HttpException.class, () -> new ParseDriver(config, s.seed()).run(s.chunks()),
                    c + " under " + s.name() + " should be refused (a deliberate deviation from Gunicorn)");
            assertEquals(d.error(), e.error(), c + " under " + s.name() + ": " + e.getMessage());
            assertEquals(d.rule(), e.rule(), c + " under " + s.name());
        }
        if (!d.restoredBy().isEmpty()) {
            ObjectNode restored = c.config().isObject() ? ((ObjectNode) c.config()).deepCopy()
                    : JsonNodeFactory.instance.objectNode();
            d.restoredBy().forEach(restored::put);
            check(c, Corpus.config(restored));
        }
    }

    private static void check(Corpus.Case c, HttpConfig config) throws Exception {
        for (Splitting s : splittings(c)) {
            if (c.valid()) {
                expectMessages(c, config, s);
            } else {
                expectError(c, config, s, c.expected().get("error").asText());
            }
        }
    }

    private record Splitting(String name, List<ByteBuffer> chunks, long seed) {
    }

    private static List<Splitting> splittings(Corpus.Case c) {
        List<Splitting> out = new ArrayList<>();
        long base = c.toString().hashCode();
        for (ParseDriver.Split split : ParseDriver.Split.values()) {
            int runs = split == ParseDriver.Split.RANDOM ? RANDOM_SPLITS : 1;
            for (int k = 0; k < runs; k++) {
                long seed = base * 31 + k + split.ordinal() * 1000L;
                out.add(new Splitting(split + (runs > 1 ? "#" + k : ""), split.apply(c.wire(), new Random(seed)), seed));
            }
        }
        return out;
    }

    private static void expectError(Corpus.Case c, HttpConfig config, Splitting s, String expected) {
        HttpException e = assertThrows(HttpException.class, () -> new ParseDriver(config, s.seed()).run(s.chunks()),
                c + " under " + s.name() + " should fail with " + expected);
        assertEquals(expected, e.error().label(), c + " under " + s.name() + ": " + e.getMessage());
    }

    private static void expectMessages(Corpus.Case c, HttpConfig config, Splitting s) throws HttpException {
        List<ParseDriver.Message> got = new ParseDriver(config, s.seed()).run(s.chunks());
        JsonNode requests = c.expected().get("requests");
        String where = c + " under " + s.name();
        assertEquals(requests.size(), got.size(), where + ": message count");
        for (int i = 0; i < got.size(); i++) {
            JsonNode want = requests.get(i);
            ParseDriver.Message m = got.get(i);
            String at = where + " message " + i;
            assertEquals(want.get("method").asText(), m.method(), at + " method");
            assertEquals(want.get("uri").asText(), m.uri(), at + " uri");
            assertEquals(want.get("path").asText(), m.path(), at + " path");
            assertEquals(want.get("query").asText(), m.query(), at + " query");
            assertEquals(want.get("fragment").asText(), m.fragment(), at + " fragment");
            assertEquals(want.get("version").get(1).asInt(), m.minor(), at + " version");
            assertEquals(1, want.get("version").get(0).asInt(), at + " major version");
            assertEquals(pairs(want.get("headers")), m.headers(), at + " headers");
            byte[] body = want.has("body_b64") ? Base64.getDecoder().decode(want.get("body_b64").asText())
                    : want.path("body").asText("").getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(body, m.body(), at + " body");
            if (want.has("trailers")) {
                assertEquals(pairs(want.get("trailers")), m.trailers(), at + " trailers");
            }
        }
    }

    private static List<List<String>> pairs(JsonNode array) {
        List<List<String>> out = new ArrayList<>();
        array.forEach(p -> out.add(List.of(p.get(0).asText(), p.get(1).asText())));
        return out;
    }
}
