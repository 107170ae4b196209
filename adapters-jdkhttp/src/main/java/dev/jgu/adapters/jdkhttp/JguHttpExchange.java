package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.jgu.spi.Exchange;
import dev.jgu.spi.Log;
import dev.jgu.spi.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An {@link HttpExchange} over a jgu {@link Exchange}, with the JDK server's rules: {@code
 * sendResponseHeaders(code, n)} with n &gt; 0 fixes the length, 0 means chunked, -1 no body;
 * HEAD, 204 and 304 have no body; the headers are sent once (a second call fails with "headers
 * already sent", and so does changing them afterwards); the body must be written after them.
 *
 * <p>Where jgu differs: the head of a fixed-length response goes out with the first flush or
 * the end of the body rather than at once (the client sees no difference); a HEAD given a length
 * says {@code Content-Length}; attributes belong to the exchange (falling back to the context's,
 * where the JDK keeps them all); an exchange not closed by its handler is ended when the handler
 * returns.
 */
final class JguHttpExchange extends HttpExchange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Exchange exchange;
    private final JguHttpContext context;
    private final URI uri;
    private final Log log;
    private final ResponseHeaders responseHeaders = new ResponseHeaders();
    private final ResponseBody body;
    private Headers requestHeaders;
    private InputStream in;
    private OutputStream out;
    private Map<String, Object> attributes;
    private HttpPrincipal principal;
    private int code = -1;
    private boolean closed;

    JguHttpExchange(Exchange exchange, JguHttpContext context, URI uri, Log log) {
        this.exchange = exchange;
        this.context = context;
        this.uri = uri;
        this.log = log;
        this.body = new ResponseBody(exchange);
    }

    @Override
    public Headers getRequestHeaders() {
        if (requestHeaders == null) {
            Headers h = new Headers();
            dev.jgu.spi.Headers fields = exchange.request().headers();
            for (int i = 0; i < fields.size(); i++) {
                h.add(fields.name(i), fields.value(i));
            }
            requestHeaders = Headers.of(h);
        }
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return exchange.request().method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (code == -1) {
            // The router answers 500 once the handler returns: a response needs its headers.
            return;
        }
        try {
            getResponseBody().close();
        } catch (IOException e) {
            // As the JDK's close(): the exchange ends anyway. A short body or a lost client is logged
            // by jgu when it ends the response (a length mismatch, or a connection error).
            log.debug("jdk-http: closing the response body failed: uri=" + uri + " error=" + e);
        }
    }

    @Override
    public InputStream getRequestBody() {
        return in != null ? in : exchange.request().body();
    }

    @Override
    public OutputStream getResponseBody() {
        return out != null ? out : body;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        if (code != -1) {
            throw new IOException("headers already sent");
        }
        if (rCode < 100 || rCode > 999) {
            throw new IllegalArgumentException("response code must be 100..999, got " + rCode);
        }
        code = rCode;
        responseHeaders.lock();
        boolean head = "HEAD".equals(exchange.request().method());
        boolean noBody = head || rCode == 204 || rCode == 304 || rCode < 200;
        exchange.status(rCode);
        copyHeaders(responseLength, head || rCode == 304);
        if (noBody) {
            if (responseLength != -1 && !head && rCode != 304) {
                log.warn("jdk-http: sendResponseHeaders(" + rCode + ", " + responseLength + "): a " + rCode
                        + " has no body, the length is ignored: uri=" + uri);
            }
            if (head && responseLength > 0) {
                exchange.contentLength(responseLength);
            } else if (head) {
                exchange.flush();
            }
            body.ready(0);
            body.close();
        } else if (responseLength > 0) {
            exchange.contentLength(responseLength);
            body.ready(responseLength);
        } else if (responseLength == 0) {
            body.ready(-1);
            exchange.flush();
        } else {
            exchange.contentLength(0);
            body.ready(0);
            body.close();
        }
    }

    /**
     * Copies the handler's headers to the jgu response. The length given to sendResponseHeaders
     * is the one sent; only HEAD and 304 take a Content-Length set by hand (the JDK's rule).
     */
    private void copyHeaders(long responseLength, boolean lengthByHand) {
        dev.jgu.spi.Headers fields = exchange.headers();
        for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
            boolean length = e.getKey().equalsIgnoreCase("Content-Length");
            if (length && !lengthByHand) {
                if (!e.getValue().equals(List.of(Long.toString(Math.max(responseLength, 0))))) {
                    log.warn("jdk-http: Content-Length " + e.getValue() + " set by the handler replaced by"
                            + " sendResponseHeaders(" + code + ", " + responseLength + "): uri=" + uri);
                }
                continue;
            }
            for (String value : e.getValue()) {
                fields.add(e.getKey(), value);
            }
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        Request r = exchange.request();
        return address(r.remoteAddress(), r.remotePort());
    }

    @Override
    public int getResponseCode() {
        return code;
    }

    /** The address the request was sent to: its Host, else the listener's (as jgu's {@link Request#serverName()}). */
    @Override
    public InetSocketAddress getLocalAddress() {
        Request r = exchange.request();
        return address(r.serverName(), r.serverPort());
    }

    /**
     * An address without a DNS lookup either way: an IP literal keeps its text as its host name,
     * a name stays unresolved; a UNIX-socket peer (no address) is the loopback address, port 0.
     */
    static InetSocketAddress address(String host, int port) {
        if (host.isEmpty()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
            try {
                byte[] ip = InetAddress.getByName(host).getAddress();
                return new InetSocketAddress(InetAddress.getByAddress(host, ip), port);
            } catch (UnknownHostException e) {
                return InetSocketAddress.createUnresolved(host, port);
            }
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String getProtocol() {
        return exchange.request().protocol();
    }

    @Override
    public Object getAttribute(String name) {
        Objects.requireNonNull(name, "null name parameter");
        if (attributes != null && attributes.containsKey(name)) {
            return attributes.get(name);
        }
        return context.getAttributes().get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        Objects.requireNonNull(name, "null name parameter");
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return principal;
    }

    void principal(HttpPrincipal p) {
        principal = p;
    }

    /** @return whether the handler sent the response headers */
    boolean headersSent() {
        return code != -1;
    }
}
