package dev.jgu.adapters.servlet.statics;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The default servlet: what {@code /} maps to when a web app maps nothing there. It serves the
 * web app's static resources, files first (through the context's {@link FileSender} when there is
 * one), then class path resources such as a jar's {@code META-INF/resources}.
 *
 * <p>It answers GET and HEAD with validators (Last-Modified, a strong ETag), conditional requests
 * (RFC 9110 §13) and single byte ranges (RFC 9110 §14); it never lists a directory and never serves
 * {@code /WEB-INF/} or {@code /META-INF/}. A text type gets the context's response character
 * encoding as its charset, UTF-8 when the context sets none: the bytes go out as stored, so the
 * charset states what the app says its files are in.
 *
 * <p>Included and error-page resources are sent whole, whatever the method, with no validators,
 * conditionals or ranges: an included response may not change its status or headers (an error
 * page gets its Content-Type), and an error page keeps the error's status. A missing included
 * resource throws {@link FileNotFoundException} to the including servlet.
 *
 * <p>Init parameter {@value #WELCOME_FILES}: the welcome files, comma-separated, tried in order
 * for a directory (default {@code index.html}).
 */
public class DefaultServlet extends HttpServlet {

    /** The init parameter naming the welcome files, comma-separated. */
    public static final String WELCOME_FILES = "welcomeFiles";

    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final int BUFFER_SIZE = 16 * 1024;

    private final BlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(16);
    private List<String> welcomeFiles = List.of("index.html");

    /** Reads {@value #WELCOME_FILES}. */
    @Override
    public void init() throws ServletException {
        String names = getInitParameter(WELCOME_FILES);
        if (names != null) {
            welcomeFiles = Arrays.stream(names.split(","))
                    .map(String::strip)
                    .map(name -> name.startsWith("/") ? name.substring(1) : name)
                    .filter(name -> !name.isEmpty())
                    .toList();
        }
    }

    /** Serves GET and HEAD, answers OPTIONS, refuses any other method with 405. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (isInclude(request) || request.getDispatcherType() == DispatcherType.ERROR) {
            serveEmbedded(request, response);
            return;
        }
        switch (request.getMethod()) {
            case "GET" -> serve(request, response, true);
            case "HEAD" -> serve(request, response, false);
            case "OPTIONS" -> response.setHeader("Allow", ALLOW);
            default -> {
                response.setHeader("Allow", ALLOW);
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            }
        }
    }

    private static boolean isInclude(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) != null
                || request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH) != null;
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean withBody)
            throws ServletException, IOException {
        String path = resourcePath(request.getServletPath(), request.getPathInfo());
        StaticResource resource = path == null ? null : StaticResource.find(getServletContext(), path);
        if (resource == null || (!resource.directory() && path.endsWith("/"))) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        } else if (resource.directory()) {
            serveDirectory(request, response, path, false);
        } else {
            serveFile(request, response, path, resource, withBody);
        }
    }

    private void serveEmbedded(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        boolean include = isInclude(request);
        String path = include
                ? resourcePath((String) request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH),
                        (String) request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO))
                : resourcePath(request.getServletPath(), request.getPathInfo());
        StaticResource resource = path == null ? null : StaticResource.find(getServletContext(), path);
        if (resource != null && resource.directory() && path.endsWith("/")) {
            serveDirectory(request, response, path, include);
        } else if (resource == null || resource.directory() || path.endsWith("/")) {
            if (!include) {
                return; // an error page that does not exist: the status alone goes out
            }
            throw new FileNotFoundException("no resource at " + path);
        } else {
            if (!include) {
                response.setContentType(contentType(ResourcePath.name(path)));
            }
            if (!request.getMethod().equals("HEAD")) {
                sendBody(response, resource, 0, resource.length());
            }
        }
    }

    /** @return the normalised path, or null when it must not be served (404) */
    private static String resourcePath(String servletPath, String pathInfo) {
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        String normalized = ResourcePath.normalize(path.isEmpty() ? "/" : path);
        return normalized == null || ResourcePath.isProtected(normalized) ? null : normalized;
    }

    /** No listings: a directory shows its first welcome file that exists, or is not found. */
    private void serveDirectory(HttpServletRequest request, HttpServletResponse response, String path,
            boolean include) throws ServletException, IOException {
        if (!path.endsWith("/")) {
            String query = request.getQueryString();
            response.sendRedirect(request.getRequestURI() + "/" + (query == null ? "" : "?" + query));
            return;
        }
        for (String welcome : welcomeFiles) {
            StaticResource candidate = StaticResource.find(getServletContext(), path + welcome);
            if (candidate != null && !candidate.directory()) {
                RequestDispatcher dispatcher = getServletContext().getRequestDispatcher(path + welcome);
                if (include) {
                    dispatcher.include(request, response);
                } else {
                    dispatcher.forward(request, response);
                }
                return;
            }
        }
        if (include) {
            throw new FileNotFoundException("no welcome file in " + path);
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    private void serveFile(HttpServletRequest request, HttpServletResponse response, String path,
            StaticResource resource, boolean withBody) throws IOException {
        long length = resource.length();
        String etag = length < 0 ? null : EntityTag.of(length, resource.lastModified());
        if (etag != null) {
            response.setHeader("ETag", etag);
        }
        if (resource.lastModified() > 0) {
            response.setHeader("Last-Modified", HttpDate.format(resource.lastModified()));
        }
        int precondition = etag == null ? Preconditions.PROCEED
                : Preconditions.evaluate(request, etag, resource.lastModified());
        if (precondition == HttpServletResponse.SC_NOT_MODIFIED) {
            response.setStatus(precondition);
            return;
        }
        if (precondition != Preconditions.PROCEED) {
            response.sendError(precondition);
            return;
        }
        response.setContentType(contentType(ResourcePath.name(path)));
        if (length < 0) {
            if (withBody) {
                sendBody(response, resource, 0, -1);
            }
            return;
        }
        response.setHeader("Accept-Ranges", "bytes");
        ByteRange range = withBody ? requestedRange(request, etag, resource.lastModified(), length) : null;
        if (range == ByteRange.UNSATISFIABLE) {
            response.setHeader("Content-Range", "bytes */" + length);
            response.sendError(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            return;
        }
        if (range != null) {
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader("Content-Range", range.contentRange(length));
        }
        long offset = range == null ? 0 : range.first();
        long count = range == null ? length : range.length();
        response.setContentLengthLong(count);
        if (withBody) {
            sendBody(response, resource, offset, count);
        }
    }

    /**
     * The Range of a GET, unless an If-Range does not match: then the whole representation
     * (RFC 9110 §13.1.5). A date validator must equal Last-Modified exactly.
     */
    private static ByteRange requestedRange(HttpServletRequest request, String etag, long lastModified,
            long length) {
        String range = request.getHeader("Range");
        if (range == null) {
            return null;
        }
        String ifRange = request.getHeader("If-Range");
        if (ifRange != null && !ifRangeMatches(ifRange.strip(), etag, lastModified)) {
            return null;
        }
        return ByteRange.parse(range, length);
    }

    private static boolean ifRangeMatches(String validator, String etag, long lastModified) {
        if (validator.startsWith("\"") || validator.startsWith("W/")) {
            return !validator.contains(",") && EntityTag.listMatches(validator, etag, false);
        }
        long date = HttpDate.parse(validator);
        return date >= 0 && date / 1000 == lastModified / 1000;
    }

    private String contentType(String name) {
        String type = getServletContext().getMimeType(name);
        if (type == null) {
            return "application/octet-stream";
        }
        if (type.toLowerCase(Locale.ROOT).startsWith("text/") && !type.toLowerCase(Locale.ROOT).contains("charset=")) {
            String encoding = getServletContext().getResponseCharacterEncoding();
            return type + ";charset=" + (encoding == null ? "UTF-8" : encoding);
        }
        return type;
    }

    /** @param count how many bytes to send, or -1 for all up to the end */
    private void sendBody(HttpServletResponse response, StaticResource resource, long offset, long count)
            throws IOException {
        if (resource.file() != null && count >= 0
                && getServletContext().getAttribute(FileSender.ATTRIBUTE) instanceof FileSender sender
                && sender.send(response, resource.file(), offset, count)) {
            return;
        }
        try (InputStream in = resource.open()) {
            in.skipNBytes(offset);
            copy(in, response.getOutputStream(), count);
        }
    }

    private void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = buffers.poll();
        if (buffer == null) {
            buffer = new byte[BUFFER_SIZE];
        }
        try {
            long remaining = count < 0 ? Long.MAX_VALUE : count;
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    if (count >= 0) {
                        throw new IOException("resource shrank while being sent: " + remaining + " of " + count
                                + " bytes missing");
                    }
                    return;
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
        } finally {
            buffers.offer(buffer);
        }
    }
}
