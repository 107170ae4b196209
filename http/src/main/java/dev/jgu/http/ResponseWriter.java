package dev.jgu.http;

import dev.jgu.spi.Headers;
import dev.jgu.spi.Log;
import dev.jgu.spi.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;

/**
 * Writes responses: framing by Content-Length, chunked (1.1) or close (1.0); no body for
 * HEAD, 204 and 304 (RFC 9110 §6.4.1); file bodies by sendfile. Reports the status and
 * body bytes sent, and whether the connection can stay open.
 */
final class ResponseWriter {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int INLINE_BODY = 8192;

    private final Transport transport;
    private final Log log;
    private final String peer;
    private final ResponseHead head = new ResponseHead();
    private byte[] streamBuffer;
    private BodyOutput streaming;
    int status;
    long bodyBytes;

    ResponseWriter(Transport transport, Log log, String peer) {
        this.transport = transport;
        this.log = log;
        this.peer = peer;
    }

    /** @return {@code method=... uri=... peer=...} for log lines (built only when a line is written) */
    String context(HttpRequest request) {
        return "method=" + request.method() + " uri=" + request.uri() + " peer=" + peer;
    }

    /** Forgets the previous response; called before each request. */
    void reset() {
        streaming = null;
        status = 0;
        bodyBytes = 0;
    }

    /**
     * Sends {@code 100 Continue}, unless a streamed response already began (an interim response
     * cannot follow a final one, RFC 9110 §15.2; the client then sends the body after its timeout).
     */
    void writeContinue() throws IOException {
        if (streaming == null || !streaming.committed()) {
            transport.write(ByteBuffer.wrap(CONTINUE));
        }
    }

    /** Sends a short plain-text error and asks the client to close. */
    void writeError(int minor, int code) throws IOException {
        errorHead(minor, code);
        transport.write(ByteBuffer.wrap(head.bytes, 0, head.length));
    }

    /** Builds {@link #writeError}'s response, body included, into the head buffer without sending it. */
    void errorHead(int minor, int code) {
        byte[] body = (code + " " + StatusLine.reason(code) + "\n").getBytes(StandardCharsets.US_ASCII);
        head.start(minor, code);
        head.field("Content-Type", "text/plain; charset=utf-8");
        head.field("Content-Length", Integer.toString(body.length));
        head.field("Connection", "close");
        head.end();
        head.append(body);
        status = code;
        bodyBytes = body.length;
    }

    /**
     * The body stream of an exchange, whose head {@code commit} builds (with {@link #startHead})
     * when the first bytes go out. It answers {@link #writeContinue} as a streamed body does.
     */
    BodyOutput deferredOutput(BodyOutput.Commit commit) {
        BodyOutput out = new BodyOutput(transport, head, streamBuffer(), commit);
        streaming = out;
        return out;
    }

    private byte[] streamBuffer() {
        if (streamBuffer == null) {
            streamBuffer = new byte[16 * 1024];
        }
        return streamBuffer;
    }

    /**
     * @param response the app's response
     * @param headRequest whether the request was HEAD
     * @param minor the request's minor version, used for the response
     * @param persistent whether the connection may stay open as far as the request goes
     * @param request the request, for log lines
     * @return whether the connection may stay open
     */
    boolean write(Response response, boolean headRequest, int minor, boolean persistent, HttpRequest request)
            throws IOException {
        int code = response.status();
        // RFC 9110 §15.2: a 1xx is interim, never the answer. A 101 would also make a proxy tunnel the
        // connection (RFC 9110 §7.8) while jgu, which switches to no protocol, went on reading HTTP from it.
        String bad = code < 200 ? "interim-status" : ResponseHead.check(response.headers());
        if (bad != null) {
            log.error("response refused: rule=" + bad + " status=" + code + " " + context(request) + ", sending 500");
            writeError(minor, 500);
            return false;
        }
        boolean noBody = headRequest || code == 204 || code == 304;
        long declared = ResponseHead.declaredLength(response.headers());
        if (response.file() != null) {
            return writeFile(response, noBody, minor, persistent, declared, request);
        }
        if (response.writer() != null) {
            return writeStream(response, noBody, minor, persistent, declared, request);
        }
        return writeBytes(response, noBody, minor, persistent, declared, request);
    }

    private void startHead(Response response, int minor, long length, boolean keep, boolean chunked) {
        startHead(response.status(), response.headers(), ResponseHead.declaredLength(response.headers()) >= 0,
                minor, length, keep, chunked);
    }

    /**
     * Builds a head into the head buffer.
     *
     * @param appLength whether the app declared the length (a 304 carries one only then)
     */
    void startHead(int code, Headers headers, boolean appLength, int minor, long length, boolean keep,
            boolean chunked) {
        head.start(minor, code);
        head.appFields(headers);
        // RFC 9110 §8.6: never on 1xx/204; on 304 only when the app gave one.
        if (length >= 0 && code >= 200 && code != 204 && (code != 304 || appLength)) {
            head.field("Content-Length", Long.toString(length));
        } else if (chunked) {
            head.field("Transfer-Encoding", "chunked");
        }
        if (!keep) {
            head.field("Connection", "close");
        } else if (minor == 0) {
            head.field("Connection", "keep-alive");
        }
        head.end();
    }

    private boolean writeBytes(Response response, boolean noBody, int minor, boolean persistent, long declared,
            HttpRequest request) throws IOException {
        byte[] body = response.bytes();
        long length = declared >= 0 ? declared : body.length;
        boolean mismatch = !noBody && declared >= 0 && declared != body.length;
        if (mismatch) {
            log.error("response length mismatch: declared=" + declared + " actual=" + body.length + " " + context(request)
                    + ", closing after it");
        }
        boolean keep = persistent && !mismatch;
        startHead(response, minor, length, keep, false);
        int n = noBody ? 0 : (int) Math.min(length, body.length);
        status = response.status();
        bodyBytes = n;
        if (n <= INLINE_BODY) {
            head.append(body, 0, n);
            transport.write(ByteBuffer.wrap(head.bytes, 0, head.length));
        } else {
            transport.write(ByteBuffer.wrap(head.bytes, 0, head.length));
            transport.write(ByteBuffer.wrap(body, 0, n));
        }
        return keep;
    }

    private boolean writeFile(Response response, boolean noBody, int minor, boolean persistent, long declared,
            HttpRequest request) throws IOException {
        FileChannel file;
        try {
            file = FileChannel.open(response.file(), StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            log.error("response file unreadable: file=" + response.file() + " " + context(request) + ", sending 500", e);
            writeError(minor, 500);
            return false;
        }
        try (file) {
            long size = file.size();
            long length = declared >= 0 ? declared : size;
            boolean keep = persistent && (noBody || length == size);
            if (!noBody && length != size) {
                log.error("response length mismatch: declared=" + declared + " file=" + size + " " + context(request)
                        + ", closing after it");
            }
            startHead(response, minor, length, keep, false);
            transport.write(ByteBuffer.wrap(head.bytes, 0, head.length));
            status = response.status();
            bodyBytes = 0;
            long n = noBody ? 0 : Math.min(length, size);
            while (bodyBytes < n) {
                long sent = transport.transferFrom(file, bodyBytes, n - bodyBytes);
                if (sent <= 0) {
                    log.error("response file shrank: file=" + response.file() + " sent=" + bodyBytes + " expected="
                            + n + " " + context(request) + ", closing");
                    return false;
                }
                bodyBytes += sent;
            }
            return keep;
        }
    }

    private boolean writeStream(Response response, boolean noBody, int minor, boolean persistent, long declared,
            HttpRequest request) throws IOException {
        status = response.status();
        bodyBytes = 0;
        if (noBody) {
            startHead(response, minor, declared, persistent, false);
            transport.write(ByteBuffer.wrap(head.bytes, 0, head.length));
            return persistent;
        }
        BodyOutput.Mode mode = declared >= 0 ? BodyOutput.Mode.FIXED
                : minor == 1 ? BodyOutput.Mode.CHUNKED : BodyOutput.Mode.CLOSE;
        boolean keep = persistent && mode != BodyOutput.Mode.CLOSE;
        startHead(response, minor, declared, keep, mode == BodyOutput.Mode.CHUNKED);
        BodyOutput out = new BodyOutput(transport, head, mode, declared, streamBuffer());
        streaming = out;
        try {
            response.writer().writeTo(out);
            out.close();
        } catch (IOException | RuntimeException e) {
            if (out.transportError() != null) {
                throw out.transportError();
            }
            log.error("app error: while streaming the body " + context(request), e);
            if (!out.committed()) {
                writeError(minor, 500);
            }
            return false;
        }
        bodyBytes = Math.min(out.written(), declared >= 0 ? declared : Long.MAX_VALUE);
        if (out.overflow() || out.underflow()) {
            log.error("response length mismatch: declared=" + declared + " written=" + out.written() + " " + context(request)
                    + (out.overflow() ? ", excess not sent" : "") + ", closing");
            return false;
        }
        return keep;
    }
}
