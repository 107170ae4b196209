package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgu.spi.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the codec: mutated corpus cases (and our own seeds) under random
 * splits and configurations. The only exception allowed out of the codec is
 * {@link HttpException}; every input must end in bounded steps; buffers must stay within
 * the configured limits. Deterministic (fixed seed, fixed count); for a longer, time-bounded
 * run pass {@code -Djgu.fuzz.seconds=N} (and optionally {@code -Djgu.fuzz.seed=S}).
 */
class ParserFuzzTest {

    private static final int INPUTS = 100_000;
    private static final byte[] INTERESTING = Parsing.bytes("\r\n :;,\t\u0000\u007f_-0123456789abcdefABCDEF\"=/?#%*[]");
    private static final String[] TOKENS = {"\r\n", "\r\n\r\n", "Transfer-Encoding: chunked\r\n",
        "Content-Length: 5\r\n", "Expect: 100-continue\r\n", "0\r\n\r\n", "ffffffff\r\n", " HTTP/1.1", "PROXY ",
        "Connection: close\r\n", "Host: x\r\n"};
    private static final String[] SEEDS = {
        "GET /a?b=c#d HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n",
        "POST /p HTTP/1.1\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n4;ext=\"v\"\r\nabcd\r\n0\r\nX-T: 1\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\nX: a\r\n  folded\r\n\r\nGET /2 HTTP/1.1\r\n\r\n",
        "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\nOPTIONS * HTTP/1.1\r\n\r\n",
        "CONNECT [::1]:443 HTTP/1.1\r\nX_Y: z\r\n\r\n",
    };
    private static final HttpConfig[] CONFIGS = {
        Parsing.config("limit_request_line", "512", "limit_request_fields", "20", "limit_request_field_size", "256"),
        Parsing.config("limit_request_line", "512", "limit_request_fields", "20", "limit_request_field_size", "256",
                "permit_obsolete_folding", "true", "proxy_protocol", "auto", "header_map", "dangerous"),
        Parsing.config("limit_request_line", "512", "limit_request_fields", "20", "limit_request_field_size", "256",
                "permit_unconventional_http_method", "true", "casefold_http_method", "true", "header_map", "refuse",
                "forwarded_allow_ips", "*"),
    };

    @Test
    void onlyHttpExceptionEscapesAndEveryInputEndsWithinBounds() {
        long seed = Long.getLong("jgu.fuzz.seed", 20260825L);
        long seconds = Long.getLong("jgu.fuzz.seconds", 0);
        Random random = new Random(seed);
        List<byte[]> seeds = seeds();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int runs = 0;
        int refused = 0;
        while (seconds > 0 ? System.nanoTime() < deadline : runs < INPUTS) {
            byte[] input = mutate(seeds, random);
            HttpConfig config = CONFIGS[random.nextInt(CONFIGS.length)];
            refused += check(input, config, random.nextLong(), runs % 8 == 0);
            runs++;
        }
        assertTrue(refused > runs / 10 && refused < runs, "mutations should hit both paths: " + refused + "/" + runs);
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String s : SEEDS) {
            seeds.add(Parsing.bytes(s));
        }
        Path dir = Corpus.directory();
        if (dir != null) {
            Corpus.load(dir).forEach(c -> seeds.add(c.wire()));
        }
        return seeds;
    }

    /** @return 1 when the input was refused, 0 when accepted */
    private static int check(byte[] input, HttpConfig config, long seed, boolean throughConnection) {
        ParseDriver.Split split = ParseDriver.Split.values()[(int) Math.floorMod(seed, 5L)];
        ParseDriver driver = new ParseDriver(config, seed);
        int refused = 0;
        try {
            driver.run(split.apply(input, new Random(seed)));
        } catch (HttpException expected) {
            refused = 1;
        } catch (Throwable t) {
            fail("unexpected " + t + " for input " + HexFormat.of().formatHex(input) + " split=" + split, t);
        }
        long headBound = config.limitRequestLine() + 2L + (long) config.limitRequestFields()
                * config.limitRequestFieldSize();
        assertTrue(driver.maxHeadBuffer <= 2 * headBound + 2048, "head buffer grew to " + driver.maxHeadBuffer);
        assertTrue(driver.maxFields <= 2L * config.limitRequestFields() + 16, "field table grew to " + driver.maxFields);
        if (throughConnection) {
            serve(input, config);
        }
        return refused;
    }

    /** The connection must answer (or stay silent at EOF) and never let an exception out. */
    private static void serve(byte[] input, HttpConfig config) {
        MemoryTransport t = new MemoryTransport(input);
        RecordingLog log = new RecordingLog();
        Http1Connection c = new Http1Connection(t, new ConnectionInfo("127.0.0.1", 1, "h", 80, false), config, req -> {
            byte[] body = req.body().readAllBytes();
            req.environ();
            req.path();
            req.trailers();
            return Response.of(200).body(body);
        }, log, RequestObserver.NONE);
        try {
            for (int i = 0; i < 64 && c.serveOne(true); i++) {
                assertTrue(t.output().startsWith("HTTP/1."), t.output());
            }
        } catch (Throwable e) {
            fail("connection threw " + e + " for input " + HexFormat.of().formatHex(input), e);
        }
        assertTrue(log.lines.stream().noneMatch(l -> l.startsWith("ERROR")),
                "no app or server errors expected: " + log.lines);
    }

    private static byte[] mutate(List<byte[]> seeds, Random r) {
        byte[] b = seeds.get(r.nextInt(seeds.size()));
        int rounds = 1 + r.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            b = mutateOnce(b, seeds, r);
        }
        return b;
    }

    private static byte[] mutateOnce(byte[] b, List<byte[]> seeds, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 64);
        int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
        switch (r.nextInt(10)) {
            case 0 -> {
                byte[] c = b.clone();
                if (c.length > 0) {
                    c[Math.min(at, c.length - 1)] ^= (byte) (1 << r.nextInt(8));
                }
                return c;
            }
            case 1 -> {
                out.write(b, 0, at);
                out.write(INTERESTING[r.nextInt(INTERESTING.length)]);
                out.write(b, at, b.length - at);
            }
            case 2 -> {
                int end = Math.min(b.length, at + 1 + r.nextInt(16));
                out.write(b, 0, at);
                out.write(b, end, b.length - end);
            }
            case 3 -> {
                int end = Math.min(b.length, at + 1 + r.nextInt(64));
                out.write(b, 0, end);
                for (int k = r.nextInt(40); k > 0; k--) {
                    out.write(b, at, end - at);
                }
                out.write(b, end, b.length - end);
            }
            case 4 -> {
                out.write(b, 0, at);
                out.writeBytes(TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1));
                out.write(b, at, b.length - at);
            }
            case 5 -> {
                byte[] other = seeds.get(r.nextInt(seeds.size()));
                out.write(b, 0, at);
                int from = other.length == 0 ? 0 : r.nextInt(other.length);
                out.write(other, from, other.length - from);
            }
            case 6 -> out.write(b, 0, at);
            case 7 -> {
                // Numbers where lengths and chunk sizes go: overflows, leading zeros, signs.
                String digits = r.nextBoolean() ? "0123456789" : "0123456789abcdefABCDEF";
                out.write(b, 0, at);
                for (int k = 1 + r.nextInt(24); k > 0; k--) {
                    out.write(digits.charAt(r.nextInt(digits.length())));
                }
                out.write(b, at, b.length - at);
            }
            case 8 -> {
                out.write(b, 0, at);
                int fill = at < b.length ? b[at] : 'a';
                for (int k = 1 + r.nextInt(300); k > 0; k--) {
                    out.write(fill);
                }
                out.write(b, at, b.length - at);
            }
            default -> {
                out.write(b, 0, at);
                out.write((byte) r.nextInt(256));
                out.write(b, at, b.length - at);
            }
        }
        return out.toByteArray();
    }
}
