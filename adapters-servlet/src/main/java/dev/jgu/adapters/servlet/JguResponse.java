package dev.jgu.adapters.servlet;

import dev.jgu.spi.Exchange;
import dev.jgu.spi.Headers;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A servlet's response over jgu's {@link Exchange}. The body goes to a buffer of {@link
 * #getBufferSize()} bytes (8 KiB unless {@code setBufferSize} says otherwise); the response is
 * committed when the buffer overflows, on {@code flushBuffer()}, or at the end of the request.
 * A response that ends without having been committed is sent with {@code Content-Length}; one
 * committed earlier is chunked unless the servlet set a length. Status and headers live in the
 * exchange, which locks them at the commit. Not thread-safe, as the spec allows, except that an
 * async request may be continued on another thread.
 */
final class JguResponse implements HttpServletResponse {

    static final int DEFAULT_BUFFER = 8192;

    private final Exchange exchange;
    private final JguServletContext context;
    private final Supplier<String> requestUrl;
    private final boolean secureRequest;

    private static final byte[] UNALLOCATED = new byte[0];
    /** Allocated at the first write: a response without a body (a redirect, a 304) costs no buffer. */
    private byte[] buffer = UNALLOCATED;
    private int bufferSize = DEFAULT_BUFFER;
    private int count;
    private boolean committed;
    private boolean closed;
    private long contentLength = -1;
    private long written;

    private String contentType;
    private String charset;
    private boolean charsetExplicit;
    private Locale locale = Locale.getDefault();

    private enum Output { NONE, STREAM, WRITER }
    private Output output = Output.NONE;
    private final Body body = new Body();
    private PrintWriter writer;

    /** Set by sendError: the container produces the error page when the request returns. */
    private boolean error;
    private String errorMessage;
    /** Set while an include runs: the included servlet cannot change the head. */
    int including;

    JguResponse(Exchange exchange, JguServletContext context, Supplier<String> requestUrl, boolean secureRequest) {
        this.exchange = exchange;
        this.context = context;
        this.requestUrl = requestUrl;
        this.secureRequest = secureRequest;
        String encoding = context.getResponseCharacterEncoding();
        if (encoding != null) {
            this.charset = encoding;
        }
    }

    Exchange exchange() {
        return exchange;
    }

    boolean errorSent() {
        return error;
    }

    String errorMessage() {
        return errorMessage;
    }

    void clearError() {
        error = false;
        errorMessage = null;
    }

    /** @return body bytes the servlet wrote, buffered or sent */
    long bytesWritten() {
        return written;
    }

    // --- body ---

    private final class Body extends ServletOutputStream {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            throw context.unsupported("ServletOutputStream.setWriteListener (non-blocking I/O)",
                    "jgu's servlet output is blocking; write from a thread the worker gives you or AsyncContext.start");
        }

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            allocate();
            if (count == buffer.length) {
                commitAndDrain();
            }
            if (buffer.length == 0) {
                exchange.body().write(b);
            } else {
                buffer[count++] = (byte) b;
            }
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            allocate();
            if (len <= buffer.length - count) {
                System.arraycopy(b, off, buffer, count, len);
                count += len;
            } else {
                commitAndDrain();
                exchange.body().write(b, off, len);
            }
            written += len;
        }

        @Override
        public void flush() throws IOException {
            if (!closed) {
                flushBuffer();
            }
        }

        @Override
        public void close() throws IOException {
            JguResponse.this.close();
        }
    }

    private void allocate() {
        if (buffer == UNALLOCATED && bufferSize > 0 && !committed) {
            buffer = new byte[bufferSize];
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the response is closed (the servlet wrote after it was completed)");
        }
    }

    /** Commits the head and moves the buffered bytes to the exchange; later writes go straight through. */
    private void commitAndDrain() throws IOException {
        if (!committed) {
            commitHead(false);
        }
        if (count > 0) {
            exchange.body().write(buffer, 0, count);
            count = 0;
        }
        exchange.flush();
    }

    private void commitHead(boolean complete) {
        if (complete && contentLength < 0 && !exchange.headers().contains("Content-Length")) {
            exchange.contentLength(count);
        } else if (contentLength >= 0) {
            exchange.contentLength(contentLength);
        }
        String type = effectiveContentType();
        if (type != null) {
            exchange.headers().set("Content-Type", type);
        }
        committed = true;
    }

    private String effectiveContentType() {
        if (contentType == null) {
            return null;
        }
        String cs = charset;
        if (cs == null && output == Output.WRITER) {
            cs = StandardCharsets.ISO_8859_1.name();
        }
        return cs == null ? contentType : contentType + ";charset=" + cs;
    }

    /**
     * Ends the response: a writer is flushed; an uncommitted response goes out whole with its
     * length. Idempotent.
     */
    void close() throws IOException {
        if (closed) {
            return;
        }
        if (writer != null) {
            writer.flush();
        }
        closed = true;
        if (!committed) {
            commitHead(true);
        }
        if (count > 0) {
            exchange.body().write(buffer, 0, count);
            count = 0;
        }
        exchange.body().close();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (output == Output.WRITER) {
            throw new IllegalStateException("getWriter() was already called for this response");
        }
        output = Output.STREAM;
        return body;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (output == Output.STREAM) {
            throw new IllegalStateException("getOutputStream() was already called for this response");
        }
        if (writer == null) {
            if (charset == null) {
                charset = StandardCharsets.ISO_8859_1.name();
            }
            Charset cs;
            try {
                cs = Charset.forName(charset);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new java.io.UnsupportedEncodingException("response character encoding " + charset + " is not supported");
            }
            output = Output.WRITER;
            // the writer's own flush only drains its encoder into the buffer; committing is flushBuffer's
            OutputStream encoded = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    body.write(b, off, len);
                }
            };
            writer = new PrintWriter(new OutputStreamWriter(encoded, cs), false);
        }
        return writer;
    }

    // --- head ---

    private boolean headChangeable() {
        return !committed && including == 0;
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (headChangeable()) {
            exchange.headers().add("Set-Cookie", Cookies.format(cookie));
        }
    }

    /** Adds a Set-Cookie value the session manager formatted; fails when committed, as creating a session then must. */
    void addSetCookie(String value) {
        if (committed) {
            throw new IllegalStateException("cannot create a session: the response is already committed");
        }
        exchange.headers().add("Set-Cookie", value);
    }

    @Override
    public boolean containsHeader(String name) {
        if (name.equalsIgnoreCase("Content-Type")) {
            return contentType != null;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return contentLength >= 0;
        }
        return exchange.headers().contains(name);
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (committed) {
            throw new IllegalStateException("sendError(" + sc + "): the response is already committed");
        }
        if (including > 0) {
            return;
        }
        resetBuffer();
        exchange.status(sc);
        error = true;
        errorMessage = msg;
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (committed) {
            throw new IllegalStateException("sendRedirect: the response is already committed");
        }
        if (including > 0) {
            return;
        }
        if (clearBuffer) {
            resetBuffer();
        }
        exchange.status(sc);
        exchange.headers().set("Location", resolve(location));
        if (clearBuffer) {
            close();
        }
    }

    private String resolve(String location) {
        if (location.startsWith("/") || location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return location;
        }
        String url = requestUrl.get();
        int schemeEnd = url.indexOf("://");
        int pathStart = schemeEnd < 0 ? 0 : url.indexOf('/', schemeEnd + 3);
        String path = pathStart < 0 ? "/" : url.substring(pathStart);
        return path.substring(0, path.lastIndexOf('/') + 1) + location;
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, dev.jgu.adapters.servlet.statics.HttpDate.format(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, dev.jgu.adapters.servlet.statics.HttpDate.format(date));
    }

    @Override
    public void setHeader(String name, String value) {
        if (!headChangeable() || name == null) {
            return;
        }
        if (special(name, value)) {
            return;
        }
        if (value == null) {
            exchange.headers().remove(name);
        } else {
            exchange.headers().set(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!headChangeable() || name == null || value == null) {
            return;
        }
        if (special(name, value)) {
            return;
        }
        exchange.headers().add(name, value);
    }

    /** Content-Type and Content-Length set as headers go where their setters put them. */
    private boolean special(String name, String value) {
        if (name.equalsIgnoreCase("Content-Type")) {
            setContentType(value);
            return true;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            if (value == null) {
                contentLength = -1;
            } else {
                try {
                    setContentLengthLong(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Content-Length " + value + ": expected a non-negative integer");
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setStatus(int sc) {
        if (headChangeable()) {
            exchange.status(sc);
        }
    }

    @Override
    public int getStatus() {
        return exchange.status();
    }

    @Override
    public String getHeader(String name) {
        if (name.equalsIgnoreCase("Content-Type")) {
            return effectiveContentType();
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return contentLength < 0 ? null : Long.toString(contentLength);
        }
        return exchange.headers().get(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
            String v = getHeader(name);
            return v == null ? List.of() : List.of(v);
        }
        return new ArrayList<>(exchange.headers().all(name));
    }

    @Override
    public Collection<String> getHeaderNames() {
        List<String> names = new ArrayList<>(exchange.headers().names());
        if (contentType != null) {
            names.add("Content-Type");
        }
        if (contentLength >= 0) {
            names.add("Content-Length");
        }
        return names;
    }

    @Override
    public String getCharacterEncoding() {
        return charset == null ? StandardCharsets.ISO_8859_1.name() : charset;
    }

    @Override
    public String getContentType() {
        return effectiveContentType();
    }

    @Override
    public void setCharacterEncoding(String encoding) {
        if (!headChangeable() || output == Output.WRITER) {
            return;
        }
        charset = encoding;
        charsetExplicit = encoding != null;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (headChangeable()) {
            contentLength = len < 0 ? -1 : len;
        }
    }

    @Override
    public void setContentType(String type) {
        if (!headChangeable()) {
            return;
        }
        if (type == null) {
            contentType = null;
            if (output != Output.WRITER && !charsetExplicit) {
                charset = null;
            }
            return;
        }
        int semi = type.indexOf(';');
        String mime = semi < 0 ? type.trim() : type.substring(0, semi).trim();
        String cs = null;
        if (semi >= 0) {
            for (String param : type.substring(semi + 1).split(";")) {
                int eq = param.indexOf('=');
                if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                    cs = param.substring(eq + 1).trim().replace("\"", "");
                }
            }
        }
        contentType = mime;
        if (cs != null && output != Output.WRITER) {
            charset = cs;
            charsetExplicit = true;
        }
    }

    @Override
    public void setBufferSize(int size) {
        if (committed || count > 0) {
            throw new IllegalStateException("setBufferSize: content was already written");
        }
        bufferSize = Math.max(size, 0);
        buffer = UNALLOCATED;
    }

    @Override
    public int getBufferSize() {
        return bufferSize;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        commitAndDrain();
    }

    @Override
    public void resetBuffer() {
        if (writer != null) {
            writer.flush();
        }
        if (committed) {
            throw new IllegalStateException("resetBuffer: the response is already committed");
        }
        count = 0;
        written = 0;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void reset() {
        if (committed) {
            throw new IllegalStateException("reset: the response is already committed");
        }
        if (including > 0) {
            return;
        }
        resetBuffer();
        exchange.reset();
        contentType = null;
        charset = context.getResponseCharacterEncoding();
        charsetExplicit = false;
        contentLength = -1;
        output = Output.NONE;
        writer = null;
        error = false;
    }

    @Override
    public void setLocale(Locale loc) {
        if (!headChangeable() || loc == null) {
            return;
        }
        locale = loc;
        exchange.headers().set("Content-Language", loc.toLanguageTag());
        if (!charsetExplicit && output != Output.WRITER) {
            String mapped = context.localeEncodings.get(loc.toString());
            if (mapped == null) {
                mapped = context.localeEncodings.get(loc.getLanguage());
            }
            if (mapped != null) {
                charset = mapped;
            }
        }
    }

    @Override
    public Locale getLocale() {
        return locale;
    }

    @Override
    public void setTrailerFields(Supplier<java.util.Map<String, String>> supplier) {
        throw context.unsupported("HttpServletResponse.setTrailerFields", "jgu sends no response trailers");
    }

    /** @return whether the connection can carry secure-only cookies */
    boolean secureRequest() {
        return secureRequest;
    }

    /** For the default servlet's sendfile: true when nothing was written and the head is open. */
    boolean canSendWhole() {
        return !committed && count == 0 && written == 0 && including == 0;
    }

    /**
     * Sends a whole file as the body with sendfile, with the head set so far.
     *
     * @param file the file
     * @throws IOException when the client went away
     */
    void sendFile(java.nio.file.Path file) throws IOException {
        dev.jgu.spi.Response response = dev.jgu.spi.Response.of(exchange.status());
        Headers head = exchange.headers();
        for (int i = 0; i < head.size(); i++) {
            response.header(head.name(i), head.value(i));
        }
        String type = effectiveContentType();
        if (type != null) {
            response.header("Content-Type", type);
        }
        committed = true;
        closed = true;
        exchange.send(response.file(file));
    }

    /** @return a Writer/stream-independent way to write the container's own error body */
    OutputStream rawBody() {
        return body;
    }
}
