package dev.jgu.adapters.servlet.statics;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Hand-written fakes of the servlet API, as {@link Proxy}s over plain state; other calls fail loudly. */
final class Fakes {

    private Fakes() {
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + " fake";
            }
            return handler.handle(method.getName(), args == null ? new Object[0] : args);
        });
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(String method, Object[] args) throws Exception;
    }

    private static UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException("fake does not implement " + method);
    }

    /** A context whose real paths are under {@code root}. */
    static final class Context {
        final Path root;
        final Map<String, Object> attributes = new HashMap<>();
        final Map<String, URL> resources = new HashMap<>();
        final Map<String, Set<String>> resourcePaths = new HashMap<>();
        final Map<String, String> mimeTypes = new HashMap<>(Map.of(
                "html", "text/html", "txt", "text/plain", "png", "image/png", "js", "text/javascript",
                "css", "text/css;charset=ISO-8859-1"));
        final List<String> forwards = new ArrayList<>();
        final List<String> includes = new ArrayList<>();
        String responseCharacterEncoding;
        final ServletContext servletContext = proxy(ServletContext.class, this::handle);

        Context(Path root) {
            this.root = root;
        }

        private Object handle(String method, Object[] args) {
            return switch (method) {
                case "getRealPath" -> root.resolve(((String) args[0]).substring(1)).toString();
                case "getResource" -> resources.get((String) args[0]);
                case "getResourcePaths" -> resourcePaths.get((String) args[0]);
                case "getMimeType" -> {
                    String name = (String) args[0];
                    yield mimeTypes.get(name.substring(name.lastIndexOf('.') + 1));
                }
                case "getAttribute" -> attributes.get((String) args[0]);
                case "getResponseCharacterEncoding" -> responseCharacterEncoding;
                case "getRequestDispatcher" -> dispatcher((String) args[0]);
                case "log" -> null;
                default -> throw unsupported(method);
            };
        }

        private RequestDispatcher dispatcher(String path) {
            return proxy(RequestDispatcher.class, (method, args) -> switch (method) {
                case "forward" -> forwards.add(path) ? null : null;
                case "include" -> includes.add(path) ? null : null;
                default -> throw unsupported(method);
            });
        }
    }

    static ServletConfig config(ServletContext context, Map<String, String> initParameters) {
        return proxy(ServletConfig.class, (method, args) -> switch (method) {
            case "getServletContext" -> context;
            case "getInitParameter" -> initParameters.get((String) args[0]);
            case "getInitParameterNames" -> Collections.enumeration(initParameters.keySet());
            case "getServletName" -> "default";
            default -> throw unsupported(method);
        });
    }

    /** A request for {@code servletPath + pathInfo}, as a "/" mapping gives it: the path is all servlet path. */
    static final class Request {
        String method = "GET";
        String servletPath;
        String pathInfo;
        String queryString;
        String requestUri;
        DispatcherType dispatcherType = DispatcherType.REQUEST;
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, Object> attributes = new HashMap<>();

        Request(String path) {
            this.servletPath = path;
            this.requestUri = "/app" + path;
        }

        Request method(String method) {
            this.method = method;
            return this;
        }

        Request header(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        HttpServletRequest proxy() {
            return Fakes.proxy(HttpServletRequest.class, (name, args) -> switch (name) {
                case "getMethod" -> method;
                case "getServletPath" -> servletPath;
                case "getPathInfo" -> pathInfo;
                case "getQueryString" -> queryString;
                case "getRequestURI" -> requestUri;
                case "getDispatcherType" -> dispatcherType;
                case "getHeader" -> {
                    List<String> values = headers.get((String) args[0]);
                    yield values == null ? null : values.get(0);
                }
                case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                case "getAttribute" -> attributes.get((String) args[0]);
                default -> throw unsupported(name);
            });
        }
    }

    /** Records what the servlet did to the response. */
    static final class Response {
        int status = 200;
        boolean errorSent;
        String redirect;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw unsupported("setWriteListener");
            }

            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                body.write(b, off, len);
            }
        };
        final HttpServletResponse response = Fakes.proxy(HttpServletResponse.class, this::handle);

        private Object handle(String method, Object[] args) {
            switch (method) {
                case "setStatus" -> status = (Integer) args[0];
                case "sendError" -> {
                    status = (Integer) args[0];
                    errorSent = true;
                }
                case "sendRedirect" -> {
                    status = 302;
                    redirect = (String) args[0];
                }
                case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                case "setContentLengthLong" -> headers.put("Content-Length", Long.toString((Long) args[0]));
                case "getOutputStream" -> {
                    return out;
                }
                default -> throw unsupported(method);
            }
            return null;
        }

        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return body.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
