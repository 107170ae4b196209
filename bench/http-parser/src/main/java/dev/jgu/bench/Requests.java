package dev.jgu.bench;

import java.nio.charset.StandardCharsets;

/** The realistic inputs both parsers get, byte for byte the same. */
final class Requests {

    /** A browser navigation: about 400 bytes, nine header fields. */
    static final String BROWSER_GET = """
            GET /products/list?page=2&sort=price HTTP/1.1\r
            Host: www.example.com\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r
            Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r
            Accept-Language: en-US,en;q=0.5\r
            Accept-Encoding: gzip, deflate, br\r
            Connection: keep-alive\r
            Cookie: session=8f14e45fceea167a5a36dedd4bea2543\r
            Upgrade-Insecure-Requests: 1\r
            \r
            """;

    private static final String JSON = "{\"item\":\"book-978-0134685991\",\"qty\":2,\"note\":\"gift wrap\"}";

    /** An API call with a small JSON body. */
    static final String SMALL_POST = """
            POST /api/v1/orders HTTP/1.1\r
            Host: api.example.com\r
            User-Agent: curl/8.5.0\r
            Accept: application/json\r
            Content-Type: application/json\r
            Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo\r
            Content-Length: %d\r
            \r
            """.formatted(JSON.length()) + JSON;

    /** What a load generator pipelines: 16 short GETs in one read (per op: the whole batch). */
    static final String PIPELINED = ("""
            GET /plaintext HTTP/1.1\r
            Host: server.local:8080\r
            Accept: text/plain,text/html;q=0.9\r
            Connection: keep-alive\r
            \r
            """).repeat(16);

    static final int PIPELINED_COUNT = 16;

    private Requests() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
