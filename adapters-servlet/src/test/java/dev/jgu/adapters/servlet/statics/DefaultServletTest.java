package dev.jgu.adapters.servlet.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultServletTest {

    private static final String CONTENT = "0123456789abcdef";
    /** Tue, 14 Nov 2023 22:13:20.123 GMT: milliseconds that Last-Modified drops. */
    private static final long MODIFIED = 1_700_000_000_123L;
    private static final String LAST_MODIFIED = "Tue, 14 Nov 2023 22:13:20 GMT";
    private static final String ETAG = "\"10-" + Long.toHexString(MODIFIED) + "\"";

    @TempDir
    Path root;

    private Fakes.Context context;

    @BeforeEach
    void files() throws IOException {
        write("hello.txt", CONTENT);
        write("page.html", "<p>hi</p>");
        write("logo.png", "PNG");
        write("style.css", "p {}");
        write("data.bin", "bin");
        write("docs/index.html", "docs index");
        write("WEB-INF/web.xml", "<web-app/>");
        write("WEB-INF/classes/App.class", "secret");
        write("META-INF/MANIFEST.MF", "Manifest-Version: 1.0");
        Files.createDirectories(root.resolve("empty"));
        context = new Fakes.Context(root);
    }

    private void write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(MODIFIED));
    }

    private Fakes.Response serve(Fakes.Request request) throws Exception {
        return serve(request, Map.of());
    }

    private Fakes.Response serve(Fakes.Request request, Map<String, String> initParameters) throws Exception {
        DefaultServlet servlet = new DefaultServlet();
        servlet.init(Fakes.config(context.servletContext, initParameters));
        Fakes.Response response = new Fakes.Response();
        servlet.service(request.proxy(), response.response);
        return response;
    }

    private Fakes.Response get(String path, String... headers) throws Exception {
        Fakes.Request request = new Fakes.Request(path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return serve(request);
    }

    @Test
    void servesFileWithValidators() throws Exception {
        Fakes.Response response = get("/hello.txt");

        assertEquals(200, response.status);
        assertEquals(CONTENT, response.text());
        assertEquals("text/plain;charset=UTF-8", response.header("Content-Type"));
        assertEquals("16", response.header("Content-Length"));
        assertEquals(LAST_MODIFIED, response.header("Last-Modified"));
        assertEquals(ETAG, response.header("ETag"));
        assertEquals("bytes", response.header("Accept-Ranges"));
    }

    @Test
    void servesPathInfoAfterServletPath() throws Exception {
        Fakes.Request request = new Fakes.Request("/docs");
        request.pathInfo = "/index.html";

        assertEquals("docs index", serve(request).text());
    }

    @Test
    void textTypesTakeTheContextResponseEncoding() throws Exception {
        context.responseCharacterEncoding = "ISO-8859-1";

        assertEquals("text/html;charset=ISO-8859-1", get("/page.html").header("Content-Type"));
    }

    @Test
    void keepsCharsetOfMimeTypeAndLeavesOtherTypesAlone() throws Exception {
        assertEquals("text/css;charset=ISO-8859-1", get("/style.css").header("Content-Type"));
        assertEquals("image/png", get("/logo.png").header("Content-Type"));
        assertEquals("application/octet-stream", get("/data.bin").header("Content-Type"));
    }

    @Test
    void headSendsHeadersWithoutBody() throws Exception {
        Fakes.Response response = serve(new Fakes.Request("/hello.txt").method("HEAD").header("Range", "bytes=0-1"));

        assertEquals(200, response.status);
        assertEquals("16", response.header("Content-Length"));
        assertEquals(ETAG, response.header("ETag"));
        assertEquals(0, response.body.size());
    }

    @Test
    void missingResourceIsNotFound() throws Exception {
        assertEquals(404, get("/nope.txt").status);
        assertEquals(404, get("/hello.txt/").status);
        assertEquals(404, get("/../hello.txt").status);
        assertEquals(404, get("/a\\..\\hello.txt").status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/WEB-INF/web.xml", "/WEB-INF/", "/WEB-INF", "/web-inf/web.xml", "/Web-Inf/web.xml",
        "/WEB-INF./web.xml", "/WEB-INF /web.xml", "/WEB-INF.../web.xml", "//WEB-INF/web.xml", "/./WEB-INF/web.xml",
        "/docs/../WEB-INF/web.xml", "/docs/./../WEB-INF/classes/App.class", "/WEB-INF;x=y/web.xml",
        "/WEB-INF::$DATA/web.xml", "/WEB-IN~1/web.xml", "/META-INF/MANIFEST.MF", "/meta-inf/MANIFEST.MF",
        "/META-INF", "/META-INF./MANIFEST.MF", "/docs/../../docs/../META-INF/MANIFEST.MF", "/web-\u0131nf/web.xml"})
    void refusesWebInfAndMetaInf(String path) throws Exception {
        Fakes.Response response = get(path);

        assertEquals(404, response.status, path);
        assertTrue(response.errorSent);
        assertEquals(0, response.body.size());
    }

    @Test
    void refusesWebInfThroughPathInfo() throws Exception {
        Fakes.Request request = new Fakes.Request("");
        request.pathInfo = "/WEB-INF/web.xml";

        assertEquals(404, serve(request).status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE"})
    void refusesOtherMethods(String method) throws Exception {
        Fakes.Response response = serve(new Fakes.Request("/hello.txt").method(method));

        assertEquals(405, response.status);
        assertEquals("GET, HEAD, OPTIONS", response.header("Allow"));
    }

    @Test
    void answersOptionsWithAllow() throws Exception {
        Fakes.Response response = serve(new Fakes.Request("/hello.txt").method("OPTIONS"));

        assertEquals(200, response.status);
        assertEquals("GET, HEAD, OPTIONS", response.header("Allow"));
    }

    @Test
    void redirectsDirectoryToTrailingSlashKeepingQuery() throws Exception {
        Fakes.Request request = new Fakes.Request("/docs");
        request.queryString = "a=1&b=2";

        Fakes.Response response = serve(request);

        assertEquals(302, response.status);
        assertEquals("/app/docs/?a=1&b=2", response.redirect);
        assertEquals("/app/docs/", get("/docs").redirect);
    }

    @Test
    void forwardsDirectoryToWelcomeFile() throws Exception {
        get("/docs/");
        get("/");

        assertEquals(List.of("/docs/index.html"), context.forwards);
    }

    @Test
    void triesWelcomeFilesInOrder() throws Exception {
        write("docs/home.htm", "home");
        Files.createDirectories(root.resolve("docs/default.html"));

        serve(new Fakes.Request("/docs/"), Map.of(DefaultServlet.WELCOME_FILES, " default.html, /home.htm ,index.html"));

        assertEquals(List.of("/docs/home.htm"), context.forwards);
    }

    @Test
    void directoryWithoutWelcomeFileIsNotFound() throws Exception {
        Fakes.Response response = get("/empty/");

        assertEquals(404, response.status);
        assertEquals(List.of(), context.forwards);
    }

    @Test
    void notModifiedWhenIfNoneMatchMatches() throws Exception {
        for (String value : new String[] {ETAG, "W/" + ETAG, "\"other\", " + ETAG, "*"}) {
            Fakes.Response response = get("/hello.txt", "If-None-Match", value);

            assertEquals(304, response.status, value);
            assertEquals(ETAG, response.header("ETag"));
            assertEquals(LAST_MODIFIED, response.header("Last-Modified"));
            assertNull(response.header("Content-Length"));
            assertEquals(0, response.body.size());
        }
        assertEquals(304, serve(new Fakes.Request("/hello.txt").method("HEAD").header("If-None-Match", ETAG)).status);
    }

    @Test
    void servesWhenIfNoneMatchDiffersEvenIfNotModifiedSince() throws Exception {
        Fakes.Response response = get("/hello.txt", "If-None-Match", "\"other\"", "If-Modified-Since", LAST_MODIFIED);

        assertEquals(200, response.status);
        assertEquals(CONTENT, response.text());
    }

    @Test
    void notModifiedSinceAtSecondPrecision() throws Exception {
        assertEquals(304, get("/hello.txt", "If-Modified-Since", LAST_MODIFIED).status);
        assertEquals(304, get("/hello.txt", "If-Modified-Since", "Wed, 15 Nov 2023 00:00:00 GMT").status);
        assertEquals(304, get("/hello.txt", "If-Modified-Since", "Tuesday, 14-Nov-23 22:13:20 GMT").status);
        assertEquals(304, get("/hello.txt", "If-Modified-Since", "Tue Nov 14 22:13:20 2023").status);
        assertEquals(200, get("/hello.txt", "If-Modified-Since", "Tue, 14 Nov 2023 22:13:19 GMT").status);
        assertEquals(200, get("/hello.txt", "If-Modified-Since", "not a date").status);
    }

    @Test
    void preconditionFailedWhenIfMatchDiffers() throws Exception {
        assertEquals(412, get("/hello.txt", "If-Match", "\"other\"").status);
        assertEquals(412, get("/hello.txt", "If-Match", "W/" + ETAG).status);
        assertEquals(200, get("/hello.txt", "If-Match", "\"x\", " + ETAG).status);
        assertEquals(200, get("/hello.txt", "If-Match", "*").status);
    }

    @Test
    void preconditionFailedWhenModifiedSinceIfUnmodifiedSince() throws Exception {
        assertEquals(412, get("/hello.txt", "If-Unmodified-Since", "Tue, 14 Nov 2023 22:13:19 GMT").status);
        assertEquals(200, get("/hello.txt", "If-Unmodified-Since", LAST_MODIFIED).status);
        assertEquals(200, get("/hello.txt", "If-Match", ETAG, "If-Unmodified-Since", "Mon, 01 Jan 2001 00:00:00 GMT")
                .status);
    }

    @Test
    void ifMatchIsEvaluatedBeforeIfNoneMatch() throws Exception {
        assertEquals(412, get("/hello.txt", "If-Match", "\"other\"", "If-None-Match", ETAG).status);
        assertEquals(304, get("/hello.txt", "If-Match", ETAG, "If-None-Match", ETAG).status);
    }

    @Test
    void servesSingleRanges() throws Exception {
        assertRange("bytes=0-4", "bytes 0-4/16", "01234");
        assertRange("bytes=10-", "bytes 10-15/16", "abcdef");
        assertRange("bytes=-3", "bytes 13-15/16", "def");
        assertRange("bytes=-100", "bytes 0-15/16", CONTENT);
        assertRange("bytes=14-99", "bytes 14-15/16", "ef");
        assertRange("BYTES = 2-2", null, CONTENT);
        assertRange("Bytes=2-2", "bytes 2-2/16", "2");
    }

    private void assertRange(String range, String contentRange, String body) throws Exception {
        Fakes.Response response = get("/hello.txt", "Range", range);

        assertEquals(contentRange == null ? 200 : 206, response.status, range);
        assertEquals(contentRange, response.header("Content-Range"), range);
        assertEquals(Integer.toString(body.length()), response.header("Content-Length"), range);
        assertEquals(body, response.text(), range);
    }

    @Test
    void servesWholeFileForSeveralOrInvalidRanges() throws Exception {
        for (String range : new String[] {"bytes=0-1,4-5", "bytes=5-2", "bytes=x-3", "items=0-1", "bytes=", "bytes=1"}) {
            Fakes.Response response = get("/hello.txt", "Range", range);

            assertEquals(200, response.status, range);
            assertNull(response.header("Content-Range"), range);
            assertEquals(CONTENT, response.text(), range);
        }
    }

    @Test
    void unsatisfiableRange() throws Exception {
        for (String range : new String[] {"bytes=16-", "bytes=100-200", "bytes=-0"}) {
            Fakes.Response response = get("/hello.txt", "Range", range);

            assertEquals(416, response.status, range);
            assertEquals("bytes */16", response.header("Content-Range"));
            assertEquals(0, response.body.size());
        }
    }

    @Test
    void ifRangeSelectsRangeOrWholeFile() throws Exception {
        assertEquals(206, get("/hello.txt", "Range", "bytes=0-1", "If-Range", ETAG).status);
        assertEquals(206, get("/hello.txt", "Range", "bytes=0-1", "If-Range", LAST_MODIFIED).status);
        assertEquals(200, get("/hello.txt", "Range", "bytes=0-1", "If-Range", "\"other\"").status);
        assertEquals(200, get("/hello.txt", "Range", "bytes=0-1", "If-Range", "W/" + ETAG).status);
        assertEquals(200, get("/hello.txt", "Range", "bytes=0-1", "If-Range", "Mon, 13 Nov 2023 00:00:00 GMT").status);
    }

    private final List<String> sent = new ArrayList<>();

    private void installFileSender(boolean accepts) {
        context.attributes.put(FileSender.ATTRIBUTE, (FileSender) (response, file, offset, length) -> {
            sent.add(root.relativize(file) + " " + offset + " " + length);
            return accepts;
        });
    }

    @Test
    void sendsFilesThroughFileSender() throws Exception {
        installFileSender(true);

        Fakes.Response whole = get("/hello.txt");
        Fakes.Response range = get("/hello.txt", "Range", "bytes=3-5");
        serve(new Fakes.Request("/hello.txt").method("HEAD"));

        assertEquals(List.of("hello.txt 0 16", "hello.txt 3 3"), sent);
        assertEquals(0, whole.body.size());
        assertEquals("16", whole.header("Content-Length"));
        assertEquals(206, range.status);
    }

    @Test
    void copiesWhenFileSenderDeclines() throws Exception {
        installFileSender(false);

        Fakes.Response response = get("/hello.txt", "Range", "bytes=3-5");

        assertEquals(List.of("hello.txt 3 3"), sent);
        assertEquals("345", response.text());
    }

    @Test
    void copiesLargeFileThroughReusedBuffer() throws Exception {
        byte[] large = new byte[100_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) i;
        }
        Files.write(root.resolve("large.bin"), large);

        assertEquals(large.length, get("/large.bin").body.size());
        assertEquals(java.util.Arrays.toString(large), java.util.Arrays.toString(get("/large.bin").body.toByteArray()));
    }

    @Test
    void servesJarResourcesByCopyEvenWithFileSender(@TempDir Path jars) throws Exception {
        Path jar = jars.resolve("lib.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            JarEntry entry = new JarEntry("META-INF/resources/lib.js");
            entry.setTime(MODIFIED);
            out.putNextEntry(entry);
            out.write("alert(1)".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        context.resources.put("/lib.js", URI.create("jar:" + jar.toUri() + "!/META-INF/resources/lib.js").toURL());
        installFileSender(true);

        Fakes.Response response = get("/lib.js", "Range", "bytes=1-3");

        assertEquals(List.of(), sent);
        assertEquals(206, response.status);
        assertEquals("ler", response.text());
        assertEquals("text/javascript;charset=UTF-8", response.header("Content-Type"));
        assertEquals("bytes 1-3/8", response.header("Content-Range"));
        assertTrue(response.header("ETag").startsWith("\"8-"));
    }

    @Test
    void redirectsJarDirectory(@TempDir Path jars) throws Exception {
        context.resources.put("/lib", URI.create("jar:" + jars.resolve("x.jar").toUri() + "!/META-INF/resources/lib").toURL());
        context.resourcePaths.put("/lib/", Set.of("/lib/a.js"));

        assertEquals("/app/lib/", get("/lib").redirect);
    }

    @Test
    void includesResourceWithoutHeaders() throws Exception {
        Fakes.Request request = new Fakes.Request("/page.jsp").method("POST");
        request.attributes.put(RequestDispatcher.INCLUDE_REQUEST_URI, "/app/hello.txt");
        request.attributes.put(RequestDispatcher.INCLUDE_SERVLET_PATH, "/hello.txt");
        request.header("Range", "bytes=0-1");

        Fakes.Response response = serve(request);

        assertEquals(CONTENT, response.text());
        assertEquals(Map.of(), response.headers);
    }

    @Test
    void includeOfMissingOrProtectedResourceThrows() {
        for (String path : new String[] {"/nope.txt", "/WEB-INF/web.xml"}) {
            Fakes.Request request = new Fakes.Request("/page.jsp");
            request.attributes.put(RequestDispatcher.INCLUDE_SERVLET_PATH, path);

            assertThrows(FileNotFoundException.class, () -> serve(request), path);
        }
    }

    @Test
    void errorDispatchSendsPageKeepingStatus() throws Exception {
        Fakes.Request request = new Fakes.Request("/page.html").method("POST");
        request.dispatcherType = DispatcherType.ERROR;
        Fakes.Response response = new Fakes.Response();
        response.status = 500;
        DefaultServlet servlet = new DefaultServlet();
        servlet.init(Fakes.config(context.servletContext, Map.of()));

        servlet.service(request.proxy(), response.response);

        assertEquals(500, response.status);
        assertEquals("<p>hi</p>", response.text());
        assertEquals("text/html;charset=UTF-8", response.header("Content-Type"));
    }
}
