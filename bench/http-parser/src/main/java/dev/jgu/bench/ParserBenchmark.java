package dev.jgu.bench;

import dev.jgu.http.BodyDecoder;
import dev.jgu.http.HttpConfig;
import dev.jgu.http.HttpException;
import dev.jgu.http.RequestHead;
import dev.jgu.http.RequestParser;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parses the same bytes with jgu's {@link RequestParser} (+ {@link BodyDecoder}) and with Jetty
 * 12's {@link HttpParser}, set up the way Jetty's own {@code HttpConnection} sets it up (RFC 9110
 * compliance, 8 KiB header limit, 1024-entry header cache). One op parses the whole input: one
 * request, or the 16-request pipelined batch, bodies included.
 *
 * <ul>
 *   <li>{@code jgu}: parse into the reused {@link RequestHead}; strings are lazy, so none are made.
 *   <li>{@code jguStrings}: the same, then materialise the target and every field name and value
 *       as Strings, i.e. what Jetty hands its handler.
 *   <li>{@code jetty}: Jetty's parser with a handler that consumes what it is given.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark {

    @Param({"browserGet", "smallPost", "pipelined16"})
    public String input;

    private ByteBuffer wire;
    private int length;
    private int requests;
    private final byte[] body = new byte[4096];
    private RequestParser parser;
    private BodyDecoder decoder;
    private HttpParser jetty;
    private JettyHandler handler;

    @Setup
    public void setup() throws Exception {
        String text = switch (input) {
            case "browserGet" -> Requests.BROWSER_GET;
            case "smallPost" -> Requests.SMALL_POST;
            case "pipelined16" -> Requests.PIPELINED;
            default -> throw new IllegalArgumentException(input);
        };
        byte[] bytes = Requests.bytes(text);
        wire = ByteBuffer.wrap(bytes);
        length = bytes.length;
        requests = input.equals("pipelined16") ? Requests.PIPELINED_COUNT : 1;
        HttpConfig config = HttpConfig.defaults();
        parser = new RequestParser(config);
        parser.connect(true, false);
        decoder = new BodyDecoder(config);
        handler = new JettyHandler();
        jetty = new HttpParser(handler, 8192, HttpCompliance.RFC9110);
        jetty.setHeaderCacheSize(1024);
        jetty.setHeaderCacheCaseSensitive(false);
        // Both parsers must agree on what they parsed before anything is timed.
        check(jgu(new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.")));
        check(jetty(new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.")));
    }

    private void check(int parsed) {
        if (parsed != requests) {
            throw new IllegalStateException(input + ": parsed " + parsed + " requests, expected " + requests);
        }
    }

    private ByteBuffer rewind() {
        wire.limit(length).position(0);
        return wire;
    }

    @Benchmark
    public int jgu(Blackhole bh) throws HttpException {
        ByteBuffer in = rewind();
        int n = 0;
        while (in.hasRemaining()) {
            parser.reset();
            if (!parser.parse(in)) {
                throw new IllegalStateException("incomplete head");
            }
            RequestHead head = parser.head();
            bh.consume(head.method());
            bh.consume(head.fieldCount());
            bh.consume(head.keepAlive());
            readBody(head, in, bh);
            n++;
        }
        return n;
    }

    @Benchmark
    public int jguStrings(Blackhole bh) throws HttpException {
        ByteBuffer in = rewind();
        int n = 0;
        while (in.hasRemaining()) {
            parser.reset();
            if (!parser.parse(in)) {
                throw new IllegalStateException("incomplete head");
            }
            RequestHead head = parser.head();
            bh.consume(head.method());
            bh.consume(head.uri());
            for (int i = 0; i < head.fieldCount(); i++) {
                bh.consume(head.fieldName(i));
                bh.consume(head.fieldValue(i));
            }
            readBody(head, in, bh);
            n++;
        }
        return n;
    }

    private void readBody(RequestHead head, ByteBuffer in, Blackhole bh) throws HttpException {
        if (head.hasBody()) {
            decoder.start(head);
            int k;
            while ((k = decoder.read(in, body, 0, body.length)) > 0) {
                bh.consume(k);
            }
            if (k == 0) {
                throw new IllegalStateException("incomplete body");
            }
        }
    }

    @Benchmark
    public int jetty(Blackhole bh) {
        ByteBuffer in = rewind();
        handler.bh = bh;
        int n = 0;
        while (in.hasRemaining()) {
            jetty.parseNext(in);
            if (jetty.isComplete()) {
                jetty.reset();
                n++;
            } else if (handler.failed) {
                throw new IllegalStateException("jetty refused the input");
            }
        }
        return n;
    }

    /** Consumes what Jetty reports; stops parseNext at the end of each message, as Jetty's server does. */
    static final class JettyHandler implements HttpParser.RequestHandler {

        Blackhole bh;
        boolean failed;

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            bh.consume(method);
            bh.consume(uri);
            bh.consume(version);
        }

        @Override
        public void parsedHeader(HttpField field) {
            bh.consume(field);
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer item) {
            bh.consume(item.remaining());
            item.position(item.limit());
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            return true;
        }

        @Override
        public void earlyEOF() {
            failed = true;
        }

        @Override
        public void badMessage(org.eclipse.jetty.http.HttpException failure) {
            failed = true;
        }
    }
}
