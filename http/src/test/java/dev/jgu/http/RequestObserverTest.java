package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The duration a connection reports for each request: from the first byte of the request
 * (not from when the connection began to wait for it) to the end of its answer, whether
 * the request was served, refused, or already buffered behind the one before.
 */
class RequestObserverTest {

    private static final ConnectionInfo PEER = new ConnectionInfo("10.0.0.7", 40000, "127.0.0.1", 8000, false);
    private static final long PAUSE_MILLIS = 10;

    /** One reported request: its duration and when the observer heard of it. */
    private record Finished(String uri, int status, long nanos, long at) {
    }

    private final List<Finished> finished = new ArrayList<>();

    private final RequestObserver observer = new RequestObserver() {
        @Override
        public void requestFinished(Request request, Response response, int status, long bytes, long nanos) {
            finished.add(new Finished(request == null ? null : request.uri(), status, nanos, System.nanoTime()));
        }
    };

    private Http1Connection connection(Transport t) {
        return new Http1Connection(t, PEER, HttpConfig.defaults(), req -> Response.of(204), new RecordingLog(), observer);
    }

    @Test
    void countsFromTheFirstByteNotFromTheIdleWaitBeforeIt() throws Exception {
        PacedTransport t = new PacedTransport().pause().chunk("GET /idle HTTP/1.1\r\n\r\n");
        assertTrue(connection(t).serveOne(true));
        Finished f = finished.get(0);
        assertEquals(204, f.status());
        assertTrue(f.nanos() >= 0, f.toString());
        assertTrue(f.nanos() <= f.at() - t.pausedUntil[0], f + " counts the idle wait before the request");
    }

    @Test
    void countsTheWholeHeadWhenItArrivesInPieces() throws Exception {
        PacedTransport t = new PacedTransport().chunk("GET /slow HTTP/1.1\r\n").pause().chunk("\r\n");
        assertTrue(connection(t).serveOne(true));
        Finished f = finished.get(0);
        assertTrue(f.nanos() >= t.pausedUntil[1] - t.pausedFrom[1], f + " misses the wait for the rest of the head");
    }

    @Test
    void countsARefusedRequestFromItsFirstByte() throws Exception {
        PacedTransport t = new PacedTransport().pause().chunk("GET /bad HTTP/1.1\r\n").pause().chunk("Bad Name: x\r\n\r\n");
        assertFalse(connection(t).serveOne(true));
        Finished f = finished.get(0);
        assertEquals(400, f.status());
        assertTrue(f.nanos() >= t.pausedUntil[1] - t.pausedFrom[1], f.toString());
        assertTrue(f.nanos() <= f.at() - t.pausedUntil[0], f.toString());
    }

    @Test
    void countsAPipelinedRequestFromWhenItsTurnCame() throws Exception {
        PacedTransport t = new PacedTransport().chunk("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
        Http1Connection c = connection(t);
        assertTrue(c.serveOne(true));
        long turn = System.nanoTime();
        assertTrue(c.serveOne(true));
        Finished second = finished.get(1);
        assertEquals("/2", second.uri());
        assertTrue(second.nanos() >= 0 && second.nanos() <= second.at() - turn, second.toString());
    }

    /** Hands over one scripted chunk per read, after a pause where one was asked for, and notes when. */
    private static final class PacedTransport implements Transport {

        private final List<byte[]> chunks = new ArrayList<>();
        private final List<Boolean> pauses = new ArrayList<>();
        private boolean pauseNext;
        final long[] pausedFrom = new long[8];
        final long[] pausedUntil = new long[8];
        private int next;

        PacedTransport pause() {
            pauseNext = true;
            return this;
        }

        PacedTransport chunk(String s) {
            chunks.add(s.getBytes(StandardCharsets.ISO_8859_1));
            pauses.add(pauseNext);
            pauseNext = false;
            return this;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (next == chunks.size()) {
                return -1;
            }
            pausedFrom[next] = System.nanoTime();
            if (pauses.get(next)) {
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            pausedUntil[next] = System.nanoTime();
            byte[] b = chunks.get(next++);
            dst.put(b);
            return b.length;
        }

        @Override
        public int read(ByteBuffer dst, long deadline) {
            return read(dst);
        }

        @Override
        public void write(ByteBuffer src) {
            src.position(src.limit());
        }

        @Override
        public long transferFrom(FileChannel file, long position, long count) {
            throw new AssertionError("no file bodies here");
        }
    }
}
