package dev.jgu.http;

import dev.jgu.spi.Exchange;
import dev.jgu.spi.Headers;
import dev.jgu.spi.Log;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The {@link Exchange} a connection's handler gets, one per connection, started anew for each
 * request. A {@link #send(Response)} goes to {@link ResponseWriter#write} as it is (the App fast
 * path); otherwise the body is written to a {@link BodyOutput} whose head this exchange builds
 * when the first bytes go out ({@link #commit}), so status and fields stay open until then.
 */
final class ResponseExchange implements Exchange, BodyOutput.Commit {

    private final ResponseWriter writer;
    private final Log log;
    private HttpRequest request;
    private boolean headRequest;
    private int minor;
    private BooleanSupplier persistence;
    private int status;
    private Headers headers;
    private long length;
    private BodyOutput out;
    private Response sent;
    private boolean refused;
    private boolean keep;
    private IOException transportError;
    /** A bug in jgu's own writing of a sent Response, as opposed to one in the app. */
    private RuntimeException writerFault;

    ResponseExchange(ResponseWriter writer, Log log) {
        this.writer = writer;
        this.log = log;
    }

    /**
     * Begins the exchange of a request.
     *
     * @param persistence whether the connection may stay open as far as the request goes, asked
     *     when the head is sent (the worker may have begun stopping while the app ran)
     */
    void start(HttpRequest req, boolean head, int minorVersion, BooleanSupplier persistence) {
        this.request = req;
        this.headRequest = head;
        this.minor = minorVersion;
        this.persistence = persistence;
        status = 200;
        headers = null;
        length = -1;
        out = null;
        sent = null;
        refused = false;
        keep = false;
        transportError = null;
        writerFault = null;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public void status(int code) {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status must be 100..999, got " + code);
        }
        checkOpen("set the status");
        status = code;
    }

    @Override
    public Headers headers() {
        if (headers == null) {
            headers = new Headers();
        }
        return headers;
    }

    @Override
    public void contentLength(long n) {
        if (n < -1) {
            throw new IllegalArgumentException("content length must be >= -1, got " + n);
        }
        checkOpen("set the content length");
        length = n;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public OutputStream body() {
        if (sent != null) {
            throw new IllegalStateException("the response was sent with send(Response): it has no body stream");
        }
        if (out == null) {
            out = writer.deferredOutput(this);
        }
        return out;
    }

    @Override
    public void flush() throws IOException {
        body().flush();
    }

    @Override
    public boolean committed() {
        return sent != null || (out != null && out.committed());
    }

    @Override
    public void reset() {
        checkOpen("reset it");
        status = 200;
        headers = null;
        length = -1;
        if (out != null) {
            out.discard();
        }
    }

    @Override
    public void send(Response response) throws IOException {
        Objects.requireNonNull(response, "response");
        checkOpen("send a response");
        if (out != null && out.written() > 0) {
            throw new IllegalStateException("body bytes were written: the response cannot be sent with send(Response)");
        }
        sent = response;
        if (out != null) {
            out.refuse("the response was sent with send(Response)");
        }
        try {
            keep = writer.write(response, headRequest, minor, persistence.getAsBoolean(), request);
        } catch (IOException e) {
            transportError = e;
            throw e;
        } catch (RuntimeException e) {
            writerFault = e;
            throw e;
        }
    }

    /** @return the exception jgu's writer threw while sending the app's Response, if any */
    RuntimeException writerFault() {
        return writerFault;
    }

    private void checkOpen(String what) {
        if (committed()) {
            throw new IllegalStateException("cannot " + what + ": the response head was already sent");
        }
    }

    /** Builds the head when the first bytes go out: the framing follows from whether the body is complete. */
    @Override
    public void commit(BodyOutput output, boolean complete) {
        Headers fields = headers();
        // RFC 9110 §15.2: a 1xx is interim, never the answer (as ResponseWriter.write refuses it).
        String bad = status < 200 ? "interim-status" : ResponseHead.check(fields);
        long given = bad == null ? ResponseHead.declaredLength(fields) : -1;
        if (bad == null && length >= 0 && given >= 0 && given != length) {
            bad = "invalid-content-length";
        }
        if (bad != null) {
            log.error("response refused: rule=" + bad + " status=" + status + " " + writer.context(request) + ", sending 500");
            writer.errorHead(minor, 500);
            output.refuse("response refused: rule=" + bad);
            refused = true;
            keep = false;
            return;
        }
        fields.lock();
        long declared = length >= 0 ? length : given;
        BodyOutput.Mode mode;
        long framed;
        if (headRequest || status == 204 || status == 304) {
            mode = BodyOutput.Mode.NONE;
            framed = declared >= 0 ? declared : complete ? output.written() : -1;
        } else if (declared >= 0) {
            mode = BodyOutput.Mode.FIXED;
            framed = declared;
        } else if (complete) {
            mode = BodyOutput.Mode.FIXED;
            framed = output.written();
        } else {
            mode = minor == 1 ? BodyOutput.Mode.CHUNKED : BodyOutput.Mode.CLOSE;
            framed = -1;
        }
        keep = persistence.getAsBoolean() && mode != BodyOutput.Mode.CLOSE;
        writer.startHead(status, fields, declared >= 0, minor, framed, keep, mode == BodyOutput.Mode.CHUNKED);
        output.frame(mode, framed);
        writer.status = status;
    }

    /**
     * Ends the response once the handler returned: sends what is left, the head first (with
     * Content-Length when nothing was flushed), and the last chunk.
     *
     * @return whether the connection may stay open
     * @throws IOException when the client went away
     */
    boolean finish() throws IOException {
        if (sent != null) {
            return keep;
        }
        body();
        try {
            out.close();
        } finally {
            writer.bodyBytes = out.sent();
        }
        if (out.overflow() || out.underflow()) {
            log.error("response length mismatch: declared=" + out.declared() + " written=" + out.written() + " "
                    + writer.context(request) + (out.overflow() ? ", excess not sent" : "") + ", closing");
            return false;
        }
        return keep;
    }

    /** The handler failed after the head was sent: nothing more goes out, and the connection closes. */
    void abandon() {
        if (out != null && sent == null) {
            writer.bodyBytes = out.sent();
            if (!out.closed()) {
                out.refuse("the response was abandoned after an error");
            }
        }
    }

    /** @return the I/O error writing the response hit, or null */
    IOException transportError() {
        if (transportError != null) {
            return transportError;
        }
        return out == null ? null : out.transportError();
    }

    /** @return the response for the observers: the one sent, or the committed head; null when none was */
    Response response() {
        if (sent != null) {
            return sent;
        }
        if (!committed() || refused) {
            return null;
        }
        Response head = Response.of(status);
        headers().forEach(head::header);
        return head;
    }
}
