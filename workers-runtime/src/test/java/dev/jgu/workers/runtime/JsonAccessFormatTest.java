package dev.jgu.workers.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jgu.spi.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code access_log_format = json}: every line one strict RFC 8259 object, parsed back by jackson, whatever the request holds. */
class JsonAccessFormatTest {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static JsonNode parse(byte[] line) throws Exception {
        assertEquals('\n', line[line.length - 1], "a line ends with its newline");
        for (int i = 0; i < line.length - 1; i++) {
            assertTrue(line[i] != '\n' && line[i] != '\r', "one object a line: a raw line break at " + i);
        }
        // Strict UTF-8: a malformed byte sequence here would be an exception, not a replacement.
        String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line)).toString();
        return STRICT.readTree(text);
    }

    private static byte[] line(AccessEntry entry) {
        return new JsonAccessFormat(TextAccessFormatTest.UTC).line(entry);
    }

    @Test
    void writesEveryFieldInOrderWithNumbersAsNumbers() throws Exception {
        FakeRequest r = FakeRequest.get("/my/path?foo=bar").header("Referer", "http://a/").header("User-Agent", "curl/8")
                .header("Authorization", TextAccessFormatTest.basic("brk0v:x"));
        byte[] line = line(TextAccessFormatTest.entry(r));
        JsonNode json = parse(line);
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(JsonAccessFormat.FIELDS, names);
        assertEquals("2026-12-02T21:55:21.123+00:00", json.get("time").asText());
        assertEquals(ProcessHandle.current().pid(), json.get("pid").asLong());
        assertTrue(json.get("pid").isIntegralNumber());
        assertEquals("127.0.0.1", json.get("remote_addr").asText());
        assertEquals("brk0v", json.get("user").asText());
        assertEquals("GET", json.get("method").asText());
        assertEquals("/my/path", json.get("path").asText());
        assertEquals("foo=bar", json.get("query").asText());
        assertEquals("HTTP/1.1", json.get("protocol").asText());
        assertEquals("GET /my/path?foo=bar HTTP/1.1", json.get("request_line").asText());
        assertTrue(json.get("status").isIntegralNumber());
        assertEquals(200, json.get("status").asInt());
        assertEquals(2, json.get("bytes").asLong());
        assertEquals(1234567, json.get("duration_us").asLong());
        assertTrue(json.get("duration_s").isNumber());
        assertTrue(new String(line, StandardCharsets.UTF_8).contains("\"duration_s\":1.234567,"));
        assertEquals("http://a/", json.get("referer").asText());
        assertEquals("curl/8", json.get("user_agent").asText());
    }

    @Test
    void absentValuesAreNullNotDashes() throws Exception {
        FakeRequest r = FakeRequest.get("/");
        r.remoteAddress = "";
        byte[] line = line(new AccessEntry(r, null, 204, 0, 0, TextAccessFormatTest.WHEN));
        JsonNode json = parse(line);
        for (String field : List.of("remote_addr", "user", "referer", "user_agent")) {
            assertTrue(json.get(field).isNull(), field + ": " + json);
        }
        assertEquals("", json.get("query").asText());
        assertTrue(new String(line, StandardCharsets.UTF_8).contains("\"duration_s\":0.000000,"), "Gunicorn's %d.%06d, as a number");
    }

    @Test
    void hostileValuesComeBackExactly() throws Exception {
        String[] paths = {"/%22", "/%5C", "/%09tab", "/%0A%0D", "/%00nul", "/%7F", "/%C2%85", "/%E2%80%A8%E2%80%A9", "/%FF%FE",
            "/%C0%AF", "/%ED%A0%80", "/%F4%90%80%80", "/%1B%5B31m", "/\"quoted\"", "/back\\slash", "/%F0%9F%98%80"};
        for (String path : paths) {
            FakeRequest r = FakeRequest.get(path + "?v=" + path);
            JsonNode json = parse(line(TextAccessFormatTest.entry(r)));
            assertEquals(r.path(), json.get("path").asText(), path);
            assertEquals("v=" + path, json.get("query").asText(), path);
            assertEquals("GET " + path + "?v=" + path + " HTTP/1.1", json.get("request_line").asText(), path);
        }
    }

    @Test
    void controlAndInvisibleCharsAreWrittenAsEscapesNeverRaw() {
        String text = new String(line(TextAccessFormatTest.entry(FakeRequest.get("/%1B%7F%C2%9B%E2%80%A8"))), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"path\":\"/\\u001B\\u007F\\u009B\\u2028\""), text);
    }

    @Test
    void anyHeaderBytesTheParserAcceptsGiveValidJsonWithTheirUtf8Reading() throws Exception {
        // The parser lets a field value hold HTAB, SP, VCHAR and obs-text (0x80-0xFF): every such byte, at random.
        Random random = new Random(15);
        for (int round = 0; round < 2000; round++) {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                int b = random.nextInt(256 - 0x20 + 1) + 0x20;
                value.write(b == 0x7f ? '\t' : b == 0x100 ? '"' : b);
            }
            byte[] bytes = value.toByteArray();
            FakeRequest r = FakeRequest.get("/").header("User-Agent", bytes).header("Referer", bytes);
            JsonNode json = parse(line(TextAccessFormatTest.entry(r)));
            String expected = new String(bytes, StandardCharsets.UTF_8);
            assertEquals(expected, json.get("user_agent").asText(), "round " + round);
            assertEquals(expected, json.get("referer").asText(), "round " + round);
        }
    }

    @Test
    void everyPercentEncodedByteInThePathGivesValidJson() throws Exception {
        Random random = new Random(26);
        for (int round = 0; round < 2000; round++) {
            StringBuilder path = new StringBuilder("/");
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                path.append(String.format("%%%02X", random.nextInt(256)));
            }
            FakeRequest r = FakeRequest.get(path.toString());
            JsonNode json = parse(line(TextAccessFormatTest.entry(r)));
            assertEquals(r.path(), json.get("path").asText(), path.toString());
        }
    }

    @Test
    void anAppsHeaderWithALoneSurrogateStillGivesValidJson() throws Exception {
        Response response = Response.of(200).header("X-Odd", "a\ud800b");
        String format = "{\"odd\": \"%({x-odd}o)s\"}";
        String text = new TextAccessFormat(format, TextAccessFormatTest.UTC)
                .text(new AccessEntry(FakeRequest.get("/"), response, 200, 0, 0, TextAccessFormatTest.WHEN));
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals("a\ufffdb", parse(bytes).get("odd").asText());
    }

    @Test
    void linesOfManyRequestsParseOneByOne() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            all.append(new String(line(TextAccessFormatTest.entry(FakeRequest.get("/n/" + i + "%0A"))), StandardCharsets.UTF_8));
        }
        Iterator<String> lines = all.toString().lines().iterator();
        int n = 0;
        while (lines.hasNext()) {
            assertEquals("/n/" + n + "\n", STRICT.readTree(lines.next()).get("path").asText());
            n++;
        }
        assertEquals(50, n);
    }
}
