package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgu.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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
        return config(m);
    }

    /**
     * A policy from settings as {@code jgu.conf} and Gunicorn's corpus name them, with text values.
     * The codec reads no settings; this stands in for the worker runtime, which builds the policy from
     * typed settings.
     */
    static HttpConfig config(Map<String, String> settings) {
        HttpConfig.Builder b = HttpConfig.builder();
        settings.forEach((name, value) -> {
            switch (name) {
                case "limit_request_line" -> b.limitRequestLine(Integer.parseInt(value));
                case "limit_request_fields" -> b.limitRequestFields(Integer.parseInt(value));
                case "limit_request_field_size" -> b.limitRequestFieldSize(Integer.parseInt(value));
                case "permit_obsolete_folding" -> b.permitObsoleteFolding(Boolean.parseBoolean(value));
                case "strip_header_spaces" -> b.stripHeaderSpaces(Boolean.parseBoolean(value));
                case "permit_unconventional_http_method" -> b.permitUnconventionalMethod(Boolean.parseBoolean(value));
                case "casefold_http_method" -> b.casefoldMethod(Boolean.parseBoolean(value));
                case "permit_non_ascii_target" -> b.permitNonAsciiTarget(Boolean.parseBoolean(value));
                case "header_map" -> b.headerMap(HeaderMap.valueOf(value.toUpperCase(Locale.ROOT)));
                case "forwarded_allow_ips" -> b.forwardedAllowIps(AddressMatcher.of(name, items(value)));
                case "proxy_allow_ips" -> b.proxyAllowIps(AddressMatcher.of(name, items(value)));
                case "secure_scheme_headers" -> b.secureSchemeHeaders(Settings.of(Map.of(name, value)).getMap(name));
                case "forwarder_headers" -> b.forwarderHeaders(items(value));
                case "proxy_protocol" -> b.proxyProtocol(ProxyProtocol.valueOf(value.toUpperCase(Locale.ROOT)));
                default -> throw new IllegalArgumentException("not a setting of the codec: " + name);
            }
        });
        return b.build();
    }

    private static List<String> items(String commaSeparated) {
        return Settings.of(Map.of("list", commaSeparated)).getList("list");
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
