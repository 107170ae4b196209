package dev.jgu.adapters.servlet;

import dev.jgu.spi.Request;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A servlet's view of one jgu {@link Request}: paths from the mapping, parameters from the query
 * and a form body, headers, cookies, attributes, locales, the session and async. Scheme, secure,
 * server name and port and the remote address are what jgu's trusted-proxy rules made of the
 * connection. A forward or include sees this request through a {@link DispatchedRequest}.
 */
final class JguRequest implements HttpServletRequest {

    /** A form body larger than this is refused rather than parsed into memory (Tomcat's maxPostSize). */
    static final int MAX_FORM_BODY = 2 * 1024 * 1024;
    private static final AtomicLong IDS = new AtomicLong();

    private final Request request;
    private final JguServletContext context;
    final ServletContainer container;
    private final String id = Long.toString(IDS.incrementAndGet());
    JguResponse response;

    // set by the mapping
    ServletReg servlet;
    String servletPath = "";
    String pathInfo;
    HttpServletMapping mapping;
    DispatcherType dispatcherType = DispatcherType.REQUEST;
    /** Whether every filter and the servlet of the current chain support async. */
    boolean asyncSupported;

    /** During a forward: the target's URI and query, and the parameters its query adds in front. */
    String uriOverride;
    String queryOverride;
    Map<String, List<String>> dispatchParams;

    private final Map<String, Object> attributes = new HashMap<>();
    private Map<String, List<String>> parameters;
    private String charset;
    private enum Input { NONE, STREAM, READER }
    private Input input = Input.NONE;
    private ServletInputStream in;
    private BufferedReader reader;
    private boolean bodyConsumedByForm;
    private List<Cookie> cookies;
    private List<Locale> locales;
    SessionSupport sessions = SessionSupport.NONE;
    JguAsyncContext async;
    private Collection<Part> parts;
    /** What reading the body failed with: the codec answers it (400, 413) rather than the app's 500. */
    private IOException bodyFailure;

    JguRequest(Request request, JguServletContext context, ServletContainer container) {
        this.request = request;
        this.context = context;
        this.container = container;
        this.charset = context.getRequestCharacterEncoding();
    }

    Request wire() {
        return request;
    }

    // --- attributes ---

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object o) {
        java.util.Objects.requireNonNull(name, "attribute name");
        if (o == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, o);
        for (ServletRequestAttributeListener l : context.listeners(ServletRequestAttributeListener.class)) {
            ServletRequestAttributeEvent e = new ServletRequestAttributeEvent(context, this, name, old == null ? o : old);
            if (old == null) {
                l.attributeAdded(e);
            } else {
                l.attributeReplaced(e);
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null) {
            for (ServletRequestAttributeListener l : context.listeners(ServletRequestAttributeListener.class)) {
                l.attributeRemoved(new ServletRequestAttributeEvent(context, this, name, old));
            }
        }
    }

    // --- encoding and body ---

    @Override
    public String getCharacterEncoding() {
        if (charset != null) {
            return charset;
        }
        String type = getContentType();
        if (type != null) {
            for (String param : type.split(";")) {
                int eq = param.indexOf('=');
                if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                    return param.substring(eq + 1).trim().replace("\"", "");
                }
            }
        }
        return null;
    }

    @Override
    public void setCharacterEncoding(String env) throws UnsupportedEncodingException {
        if (input == Input.READER || parameters != null) {
            return;
        }
        charset(env);
        charset = env;
    }

    private Charset charset(String name) throws UnsupportedEncodingException {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException("character encoding " + name + " is not supported");
        }
    }

    private Charset bodyCharset() {
        String name = getCharacterEncoding();
        if (name == null) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return charset(name);
        } catch (UnsupportedEncodingException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    @Override
    public int getContentLength() {
        long len = getContentLengthLong();
        return len > Integer.MAX_VALUE ? -1 : (int) len;
    }

    @Override
    public long getContentLengthLong() {
        String v = request.headers().get("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String getContentType() {
        return request.headers().get("Content-Type");
    }

    @Override
    public ServletInputStream getInputStream() {
        if (input == Input.READER) {
            throw new IllegalStateException("getReader() was already called for this request");
        }
        input = Input.STREAM;
        return stream();
    }

    private ServletInputStream stream() {
        if (in == null) {
            InputStream body = request.body();
            in = new ServletInputStream() {
                private boolean finished;

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener readListener) {
                    throw context.unsupported("ServletInputStream.setReadListener (non-blocking I/O)",
                            "jgu's servlet input is blocking");
                }

                @Override
                public int read() throws IOException {
                    try {
                        int b = body.read();
                        finished = b < 0;
                        return b;
                    } catch (IOException e) {
                        throw bodyFailed(e);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        int n = body.read(b, off, len);
                        finished = n < 0;
                        return n;
                    } catch (IOException e) {
                        throw bodyFailed(e);
                    }
                }

                @Override
                public int available() throws IOException {
                    return body.available();
                }
            };
        }
        return in;
    }

    private IOException bodyFailed(IOException e) {
        if (bodyFailure == null) {
            bodyFailure = e;
        }
        return e;
    }

    /** @return the body's read failure (a bad chunk, a body over limit_request_body, the client gone), or null */
    IOException bodyFailure() {
        return bodyFailure;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (input == Input.STREAM) {
            throw new IllegalStateException("getInputStream() was already called for this request");
        }
        if (reader == null) {
            Charset cs = bodyCharset();
            input = Input.READER;
            reader = new BufferedReader(new InputStreamReader(stream(), cs));
        }
        return reader;
    }

    // --- parameters ---

    private Map<String, List<String>> parameters() {
        if (dispatchParams != null) {
            Map<String, List<String>> merged = new LinkedHashMap<>();
            dispatchParams.forEach((k, v) -> merged.put(k, new ArrayList<>(v)));
            ownParameters().forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            return merged;
        }
        return ownParameters();
    }

    private Map<String, List<String>> ownParameters() {
        if (parameters == null) {
            Map<String, List<String>> p = new LinkedHashMap<>();
            FormData.parse(request.query(), queryCharset(), p);
            readForm(p);
            parameters = p;
        }
        return parameters;
    }

    private Charset queryCharset() {
        String name = getCharacterEncoding();
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return charset(name);
        } catch (UnsupportedEncodingException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private void readForm(Map<String, List<String>> into) {
        String type = getContentType();
        if (type == null || input != Input.NONE || !"POST".equals(getMethod())) {
            return;
        }
        String mime = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mime.equals("application/x-www-form-urlencoded")) {
            long declared = getContentLengthLong();
            if (declared > MAX_FORM_BODY) {
                throw new IllegalStateException("form body of " + declared + " bytes is over jgu's limit of " + MAX_FORM_BODY + " bytes");
            }
            try {
                byte[] body;
                try {
                    body = request.body().readNBytes(MAX_FORM_BODY + 1);
                } catch (IOException e) {
                    throw bodyFailed(e);
                }
                if (body.length > MAX_FORM_BODY) {
                    throw new IllegalStateException("form body is over jgu's limit of " + MAX_FORM_BODY + " bytes");
                }
                bodyConsumedByForm = true;
                input = Input.STREAM;
                FormData.parse(new String(body, StandardCharsets.ISO_8859_1), bodyCharset(), into);
            } catch (IOException e) {
                throw new IllegalStateException("reading the form body failed: " + e.getMessage(), e);
            }
        } else if (mime.equals("multipart/form-data") && servlet != null && servlet.multipart != null) {
            try {
                for (Part part : getParts()) {
                    if (part.getSubmittedFileName() == null) {
                        into.computeIfAbsent(part.getName(), k -> new ArrayList<>(1)).add(container.multipart.fieldValue(part, bodyCharset()));
                    }
                }
            } catch (IOException | ServletException e) {
                throw new IllegalStateException("reading the multipart body failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String getParameter(String name) {
        List<String> values = parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        List<String> values = parameters().get(name);
        return values == null ? null : values.toArray(String[]::new);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> map = new LinkedHashMap<>();
        parameters().forEach((k, v) -> map.put(k, v.toArray(String[]::new)));
        return Collections.unmodifiableMap(map);
    }

    // --- connection ---

    @Override
    public String getProtocol() {
        return request.protocol();
    }

    @Override
    public String getScheme() {
        return request.scheme();
    }

    @Override
    public String getServerName() {
        return request.serverName();
    }

    @Override
    public int getServerPort() {
        return request.serverPort();
    }

    @Override
    public String getRemoteAddr() {
        return request.remoteAddress();
    }

    @Override
    public String getRemoteHost() {
        return request.remoteAddress();
    }

    @Override
    public int getRemotePort() {
        return request.remotePort();
    }

    /** jgu does not look up the listening socket's own address for each request: the address the client used. */
    @Override
    public String getLocalName() {
        return request.serverName();
    }

    @Override
    public String getLocalAddr() {
        return request.serverName();
    }

    @Override
    public int getLocalPort() {
        return request.serverPort();
    }

    @Override
    public boolean isSecure() {
        return "https".equals(request.scheme());
    }

    @Override
    public Locale getLocale() {
        return locales().get(0);
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return Collections.enumeration(locales());
    }

    private List<Locale> locales() {
        if (locales == null) {
            locales = AcceptLanguage.parse(request.headers().all("Accept-Language"));
        }
        return locales;
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null) {
            return null;
        }
        if (!path.startsWith("/")) {
            String base = servletPath + (pathInfo == null ? "" : pathInfo);
            path = base.substring(0, base.lastIndexOf('/') + 1) + path;
        }
        return context.getRequestDispatcher(path);
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        if (!asyncSupported) {
            throw new IllegalStateException("startAsync: servlet " + (servlet == null ? "?" : servlet.name)
                    + " or a filter in its chain does not support async (set async-supported)");
        }
        return container.startAsync(this, servletRequest, servletResponse);
    }

    @Override
    public boolean isAsyncStarted() {
        return async != null && async.started();
    }

    @Override
    public boolean isAsyncSupported() {
        return asyncSupported;
    }

    @Override
    public AsyncContext getAsyncContext() {
        if (async == null) {
            throw new IllegalStateException("getAsyncContext: startAsync was not called for this request");
        }
        return async;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return dispatcherType;
    }

    @Override
    public String getRequestId() {
        return id;
    }

    @Override
    public String getProtocolRequestId() {
        return "";
    }

    @Override
    public ServletConnection getServletConnection() {
        return new ServletConnection() {
            @Override
            public String getConnectionId() {
                return id;
            }

            @Override
            public String getProtocol() {
                return request.protocol().toLowerCase(Locale.ROOT);
            }

            @Override
            public String getProtocolConnectionId() {
                return "";
            }

            @Override
            public boolean isSecure() {
                return JguRequest.this.isSecure();
            }
        };
    }

    // --- HTTP ---

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public Cookie[] getCookies() {
        if (cookies == null) {
            cookies = Cookies.parse(request.headers().all("Cookie"));
        }
        return cookies.isEmpty() ? null : cookies.toArray(Cookie[]::new);
    }

    @Override
    public long getDateHeader(String name) {
        String v = request.headers().get(name);
        if (v == null) {
            return -1;
        }
        long t = dev.jgu.adapters.servlet.statics.HttpDate.parse(v);
        if (t < 0) {
            throw new IllegalArgumentException("header " + name + ": " + v + " is not an HTTP date");
        }
        return t;
    }

    @Override
    public String getHeader(String name) {
        return request.headers().get(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(request.headers().all(name));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(request.headers().names());
    }

    @Override
    public int getIntHeader(String name) {
        String v = request.headers().get(name);
        return v == null ? -1 : Integer.parseInt(v.trim());
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return mapping;
    }

    @Override
    public String getMethod() {
        return request.method();
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }

    @Override
    public String getPathTranslated() {
        return pathInfo == null ? null : context.getRealPath(pathInfo);
    }

    @Override
    public String getContextPath() {
        return context.getContextPath();
    }

    @Override
    public String getQueryString() {
        if (queryOverride != null) {
            return queryOverride.isEmpty() ? null : queryOverride;
        }
        String q = request.query();
        return q == null || q.isEmpty() ? null : q;
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public String getRequestedSessionId() {
        return sessions.requestedId();
    }

    @Override
    public String getRequestURI() {
        return uriOverride != null ? uriOverride : request.rawPath();
    }

    @Override
    public StringBuffer getRequestURL() {
        StringBuffer url = new StringBuffer();
        String scheme = getScheme();
        int port = getServerPort();
        url.append(scheme).append("://").append(getServerName());
        if (!(scheme.equals("http") && port == 80) && !(scheme.equals("https") && port == 443) && port > 0) {
            url.append(':').append(port);
        }
        return url.append(getRequestURI());
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return sessions.get(create);
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        return sessions.changeId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return sessions.requestedIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return sessions.requestedId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) throws ServletException {
        throw new ServletException(context.unsupported("HttpServletRequest.authenticate", "jgu has no login configuration").getMessage());
    }

    @Override
    public void login(String username, String password) throws ServletException {
        throw new ServletException(context.unsupported("HttpServletRequest.login", "jgu has no login configuration").getMessage());
    }

    @Override
    public void logout() {
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        if (parts == null) {
            String type = getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                throw new ServletException("getParts: the request is not multipart/form-data (Content-Type " + type + ")");
            }
            if (servlet == null || servlet.multipart == null) {
                throw new IllegalStateException("getParts: servlet " + (servlet == null ? "?" : servlet.name)
                        + " has no multipart config (@MultipartConfig, <multipart-config> or setMultipartConfig)");
            }
            if (input != Input.NONE) {
                throw new IllegalStateException("getParts: the body was already read");
            }
            input = Input.STREAM;
            parts = container.multipart.parse(request.body(), type, bodyCharset(), servlet.multipart);
        }
        return parts;
    }

    /** @return the charset form fields and a dispatch's query are decoded with */
    Charset parameterCharset() {
        return queryCharset();
    }

    /** @return the parts parsed, for clean-up at the end of the request; null when none */
    Collection<Part> parsedParts() {
        return parts;
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        for (Part p : getParts()) {
            if (p.getName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
        throw new ServletException(context.unsupported("HttpServletRequest.upgrade (" + handlerClass.getName() + ")",
                "jgu does not hand connections to upgrade handlers (WebSocket, h2c)").getMessage());
    }

    @Override
    public Map<String, String> getTrailerFields() {
        Map<String, String> trailers = new HashMap<>();
        request.trailers().forEach((k, v) -> trailers.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> a + "," + b));
        return trailers;
    }

    @Override
    public boolean isTrailerFieldsReady() {
        return in != null && ((ServletInputStream) in).isFinished() || bodyConsumedByForm;
    }
}
