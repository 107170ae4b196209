package dev.jgu.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Drives {@link RequestParser} and {@link BodyDecoder} over a sequence of input chunks, the
 * way a connection does, until the input is exhausted. Checks that every call makes progress.
 */
final class ParseDriver {

    /** One parsed message, in the corpus's terms. */
    record Message(String method, String uri, String path, String query, String fragment, int minor,
            List<List<String>> headers, byte[] body, List<List<String>> trailers) {
    }

    private final HttpConfig config;
    private final Random reads;
    private final RequestParser parser;
    private final BodyDecoder decoder;
    long maxHeadBuffer;
    long maxFields;

    ParseDriver(HttpConfig config, long seed) {
        this.config = config;
        this.reads = new Random(seed);
        this.parser = new RequestParser(config);
        this.decoder = new BodyDecoder(config);
    }

    /**
     * @param chunks the input, in arrival order
     * @return the messages parsed
     * @throws HttpException when the input is refused
     */
    List<Message> run(List<ByteBuffer> chunks) throws HttpException {
        long budget = 10;
        for (ByteBuffer b : chunks) {
            budget += 3L * (b.remaining() + 1);
        }
        parser.connect(true, true);
        List<Message> messages = new ArrayList<>();
        int next = 0;
        ByteBuffer in = ByteBuffer.allocate(0);
        byte[] tmp = new byte[4096];
        while (true) {
            parser.reset();
            while (!parsedHead(in)) {
                step(--budget);
                if (next == chunks.size()) {
                    parser.endOfInput();
                    return messages;
                }
                in = chunks.get(next++);
            }
            RequestHead head = parser.head();
            maxHeadBuffer = Math.max(maxHeadBuffer, head.buf.data.length);
            maxFields = Math.max(maxFields, head.fields.nameStart.length);
            decoder.start(head);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                step(--budget);
                int want = 1 + reads.nextInt(reads.nextBoolean() ? 4 : tmp.length);
                int n = decoder.read(in, tmp, 0, want);
                if (n > 0) {
                    body.write(tmp, 0, n);
                } else if (n < 0) {
                    break;
                } else {
                    if (in.hasRemaining()) {
                        throw new AssertionError("body decoder stalled with input left");
                    }
                    if (next == chunks.size()) {
                        decoder.endOfInput();
                        if (!decoder.done()) {
                            throw new AssertionError("endOfInput accepted an unfinished body");
                        }
                        continue;
                    }
                    in = chunks.get(next++);
                }
            }
            messages.add(message(head, body.toByteArray()));
            if (!head.keepAlive()) {
                // RFC 9112 §9.6: nothing after a request that closes the connection is read.
                return messages;
            }
        }
    }

    /** Every step consumes input or moves to the next chunk, so a finite input ends in bounded steps. */
    private static void step(long budget) {
        if (budget < 0) {
            throw new AssertionError("parser loops without consuming input");
        }
    }

    private boolean parsedHead(ByteBuffer in) throws HttpException {
        if (parser.parse(in)) {
            return true;
        }
        if (in.hasRemaining()) {
            throw new AssertionError("request parser stalled with input left");
        }
        return false;
    }

    private Message message(RequestHead head, byte[] body) {
        List<List<String>> headers = new ArrayList<>();
        for (int i = 0; i < head.fieldCount(); i++) {
            headers.add(List.of(head.fieldName(i).toUpperCase(Locale.ROOT), head.fieldValue(i)));
        }
        List<List<String>> trailers = new ArrayList<>();
        dev.jgu.spi.Headers t = decoder.trailers();
        for (int i = 0; i < t.size(); i++) {
            trailers.add(List.of(t.name(i).toUpperCase(Locale.ROOT), t.value(i)));
        }
        return new Message(head.method(), head.uri(), head.rawPath(), head.query(), head.fragment(),
                head.minorVersion(), headers, body, trailers);
    }

    /** Ways to cut an input into reads. */
    enum Split {
        WHOLE, BYTE_BY_BYTE, FIRST_BYTE_THEN_REST, RANDOM, RANDOM_DIRECT;

        List<ByteBuffer> apply(byte[] wire, Random random) {
            List<ByteBuffer> out = new ArrayList<>();
            int i = 0;
            while (i < wire.length) {
                int n = switch (this) {
                    case WHOLE -> wire.length;
                    case BYTE_BY_BYTE -> 1;
                    case FIRST_BYTE_THEN_REST -> i == 0 ? 1 : wire.length - i;
                    case RANDOM, RANDOM_DIRECT -> 1 + random.nextInt(Math.min(64, wire.length - i));
                };
                n = Math.min(n, wire.length - i);
                if (this == RANDOM_DIRECT) {
                    out.add(ByteBuffer.allocateDirect(n).put(wire, i, n).flip());
                } else {
                    // A slice has a non-zero array offset, as a buffer shared with other data would.
                    byte[] padded = new byte[n + 3];
                    System.arraycopy(wire, i, padded, 3, n);
                    out.add(ByteBuffer.wrap(padded, 3, n).slice());
                }
                i += n;
            }
            return out;
        }
    }
}
