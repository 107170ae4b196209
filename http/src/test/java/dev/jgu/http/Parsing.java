package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgu.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test shortcuts: parse a request under every splitting and insist the outcome is the same. */
final class Parsing {

    private Parsing() {
    }

    static HttpConfig config(String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return HttpConfig.from(Settings.of(m));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses {@code wire} under every splitting; all must agree. */
    static List<ParseDriver.Message> parse(HttpConfig config, byte[] wire) throws HttpException {
        List<ParseDriver.Message> first = null;
        for (ParseDriver.Split split : ParseDriver.Split.values()) {
            List<ParseDriver.Message> got = new ParseDriver(config, 7).run(split.apply(wire, new Random(7)));
            if (first == null) {
                first = got;
            } else {
                assertEquals(first.size(), got.size(), "message count under " + split);
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(first.get(i).headers(), got.get(i).headers(), "headers under " + split);
                    assertEquals(new String(first.get(i).body(), StandardCharsets.ISO_8859_1),
                            new String(got.get(i).body(), StandardCharsets.ISO_8859_1), "body under " + split);
                }
            }
        }
        return first;
    }

    static List<ParseDriver.Message> parse(HttpConfig config, String wire) throws HttpException {
        return parse(config, bytes(wire));
    }

    /** Asserts {@code wire} is refused with {@code error} and {@code rule} under every splitting. */
    static HttpException refuse(HttpConfig config, byte[] wire, HttpError error, String rule) {
        HttpException last = null;
        for (ParseDriver.Split split : ParseDriver.Split.values()) {
            HttpException e = assertThrows(HttpException.class,
                    () -> new ParseDriver(config, 7).run(split.apply(wire, new Random(7))), "under " + split);
            assertEquals(error, e.error(), "under " + split + ": " + e.getMessage());
            if (rule != null) {
                assertEquals(rule, e.rule(), "under " + split);
            }
            last = e;
        }
        return last;
    }

    static HttpException refuse(HttpConfig config, String wire, HttpError error, String rule) {
        return refuse(config, bytes(wire), error, rule);
    }
}
