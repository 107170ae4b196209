package dev.jgu.adapters.servlet;

import dev.jgu.testing.RecordingLog;
import dev.jgu.testing.Wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.adapters.servlet.webapp.WebAppDescriptor;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The container's per-request rules, through jgu's codec: mapping, filters, buffering, errors, dispatch, async. */
class ServletContainerTest {

    private final RecordingLog log = new RecordingLog();


    /** A servlet answering with its own view of the request's paths. */
    static final class Paths extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().print(req.getServletPath() + "|" + req.getPathInfo() + "|" + req.getHttpServletMapping().getMappingMatch()
                    + "|" + req.getHttpServletMapping().getMatchValue() + "|" + req.getDispatcherType());
        }
    }

    private ServletContainer container(String contextPath, ServletContainerInitializer sci) throws ServletException {
        ServletContainer c = Deployment.configure(WebAppDescriptor.empty(), List.of(new Deployment.Initializer(sci, null)),
                getClass().getClassLoader(), Resources.NONE,
                new Deployment.Overrides(contextPath, null, null, null, null, null), log);
        Deployment.start(c, null, "index.html");
        return c;
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: example.test\r\n\r\n";
    }

    @Test
    void mapsExactThenLongestPrefixThenExtensionThenDefault() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> {
            ctx.addServlet("exact", new Paths()).addMapping("/a/b");
            ctx.addServlet("prefix", new Paths()).addMapping("/a/*");
            ctx.addServlet("longer", new Paths()).addMapping("/a/b/c/*");
            ctx.addServlet("ext", new Paths()).addMapping("*.do");
            ctx.addServlet("root", new Paths()).addMapping("");
            ctx.addServlet("default", new Paths()).addMapping("/");
        });
        assertEquals("/a/b|null|EXACT|a/b|REQUEST", Wire.serve(c, log, get("/a/b")).body());
        assertEquals("/a|/x/y|PATH|x/y|REQUEST", Wire.serve(c, log, get("/a/x/y")).body());
        assertEquals("/a|null|PATH||REQUEST", Wire.serve(c, log, get("/a")).body());
        assertEquals("/a/b/c|/d|PATH|d|REQUEST", Wire.serve(c, log, get("/a/b/c/d")).body());
        assertEquals("/a|/x.do|PATH|x.do|REQUEST", Wire.serve(c, log, get("/a/x.do")).body(), "a prefix beats an extension");
        assertEquals("/z/x.do|null|EXTENSION|z/x|REQUEST", Wire.serve(c, log, get("/z/x.do")).body());
        assertEquals("|/|CONTEXT_ROOT||REQUEST", Wire.serve(c, log, get("/")).body());
        assertEquals("/other|null|DEFAULT||REQUEST", Wire.serve(c, log, get("/other")).body());
        // the writer is ISO-8859-1 (no charset set), so the decoded é arrives as one byte
        assertEquals("/z/caf\u00e9|null|DEFAULT||REQUEST", Wire.serve(c, log, get("/z/caf%C3%A9;jsessionid=1")).body(),
                "path parameters dropped, UTF-8 decoded");
    }

    @Test
    void refusesPathsThatLeaveTheRootOrHideASlash() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> ctx.addServlet("default", new Paths()).addMapping("/"));
        assertEquals(400, Wire.serve(c, log, get("/a/../../etc/passwd")).status());
        assertEquals(400, Wire.serve(c, log, get("/a%2Fb")).status());
        assertEquals(400, Wire.serve(c, log, get("/a%5Cb")).status());
        assertEquals("/b|null|DEFAULT||REQUEST", Wire.serve(c, log, get("/a/../b")).body());
        assertEquals("/b|null|DEFAULT||REQUEST", Wire.serve(c, log, get("/./a/%2E%2E/b")).body());
    }

    @Test
    void servesOnlyUnderItsContextPath() throws Exception {
        ServletContainer c = container("/shop", (classes, ctx) -> ctx.addServlet("default", new Paths()).addMapping("/"));
        Wire.Result redirect = Wire.serve(c, log, get("/shop?x=1"));
        assertEquals(302, redirect.status());
        assertTrue(redirect.head().contains("Location: /shop/?x=1\r\n"), redirect.head());
        assertEquals(404, Wire.serve(c, log, get("/shopping")).status());
        assertEquals("/cart|null|DEFAULT||REQUEST", Wire.serve(c, log, get("/shop/cart")).body());
    }

    @Test
    void aSmallBodyIsSentWithItsLengthALargeOneChunked() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> {
            ctx.addServlet("small", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getOutputStream().write("hello".getBytes());
                    resp.setHeader("X-After-Write", "still open");
                }
            }).addMapping("/small");
            ctx.addServlet("large", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getOutputStream().write(new byte[9000]);
                    resp.setHeader("X-After-Commit", "dropped");
                }
            }).addMapping("/large");
            ctx.addServlet("flushed", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print("a");
                    resp.flushBuffer();
                    resp.getWriter().print("b");
                }
            }).addMapping("/flushed");
            ctx.addServlet("sized", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.setContentLength(20000);
                    resp.getOutputStream().write(new byte[20000]);
                }
            }).addMapping("/sized");
        });
        Wire.Result small = Wire.serve(c, log, get("/small"));
        assertTrue(small.head().contains("Content-Length: 5\r\n"), small.head());
        assertTrue(small.head().contains("X-After-Write: still open\r\n"), small.head());
        Wire.Result large = Wire.serve(c, log, get("/large"));
        assertTrue(large.head().contains("Transfer-Encoding: chunked\r\n"), large.head());
        assertFalse(large.head().contains("X-After-Commit"), large.head());
        Wire.Result flushed = Wire.serve(c, log, get("/flushed"));
        assertTrue(flushed.head().contains("Transfer-Encoding: chunked\r\n"), flushed.head());
        assertEquals("1\r\na\r\n1\r\nb\r\n0\r\n\r\n", flushed.body());
        Wire.Result sized = Wire.serve(c, log, get("/sized"));
        assertTrue(sized.head().contains("Content-Length: 20000\r\n"), sized.head());
        assertEquals(20000, sized.body().length());
    }

    @Test
    void filtersRunInMappingOrderForTheirDispatchTypes() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> {
            ctx.addServlet("target", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print("target(" + req.getAttribute("trail") + ")");
                }
            }).addMapping("/target");
            ctx.addServlet("front", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
                    req.getRequestDispatcher("/target").forward(req, resp);
                }
            }).addMapping("/front");
            ctx.addFilter("byName", trail("N")).addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD), true, "target");
            ctx.addFilter("all", trail("A")).addMappingForUrlPatterns(null, true, "/*");
            ctx.addFilter("forwardOnly", trail("F")).addMappingForUrlPatterns(EnumSet.of(DispatcherType.FORWARD), true, "/target");
        });
        assertEquals("target(AN)", Wire.serve(c, log, get("/target")).body(), "url patterns before servlet names");
        assertEquals("target(AFN)", Wire.serve(c, log, get("/front")).body());
    }

    private static Filter trail(String mark) {
        return (request, response, chain) -> {
            Object t = request.getAttribute("trail");
            request.setAttribute("trail", (t == null ? "" : t) + mark);
            chain.doFilter(request, response);
        };
    }

    @Test
    void forwardAndIncludeSeeTheRightPathsAndParameters() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> {
            ctx.addServlet("shown", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print("[" + req.getDispatcherType() + " " + req.getServletPath() + " " + req.getRequestURI()
                            + " q=" + String.join(",", req.getParameterValues("q")) + " inc=" + req.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH)
                            + " fwd=" + req.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) + "]");
                    resp.setStatus(299);
                }
            }).addMapping("/shown/*");
            ctx.addServlet("fwd", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
                    resp.getWriter().print("dropped by the forward");
                    req.getRequestDispatcher("/shown/x?q=2").forward(req, resp);
                    resp.getWriter().print("after the forward, ignored");
                }
            }).addMapping("/fwd");
            ctx.addServlet("inc", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
                    resp.getWriter().print("before");
                    req.getRequestDispatcher("/shown/y?q=3").include(req, resp);
                    resp.getWriter().print("after " + req.getServletPath() + " q=" + String.join(",", req.getParameterValues("q")));
                }
            }).addMapping("/inc");
        });
        Wire.Result fwd = Wire.serve(c, log, get("/fwd?q=1"));
        assertEquals(299, fwd.status());
        assertEquals("[FORWARD /shown /shown/x q=2,1 inc=null fwd=/fwd]", fwd.body());
        Wire.Result inc = Wire.serve(c, log, get("/inc?q=1"));
        assertEquals(200, inc.status(), "an include cannot set the status");
        assertEquals("before[INCLUDE /inc /inc q=3,1 inc=/shown fwd=null]after /inc q=1", inc.body());
    }

    @Test
    void errorsGoToTheirErrorPagesWithTheSpecsAttributes() throws Exception {
        WebAppDescriptor d = new WebAppDescriptor(null, false, java.util.Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(new WebAppDescriptor.ErrorPageDef(404, null, "/error"),
                        new WebAppDescriptor.ErrorPageDef(0, IllegalArgumentException.class.getName(), "/error")),
                List.of(), null, java.util.Map.of(), java.util.Map.of(), null, null, false, List.of());
        ServletContainerInitializer sci = (classes, ctx) -> {
            ctx.addServlet("error", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print(req.getDispatcherType() + " " + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) + " "
                            + req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " " + req.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE)
                            + " " + req.getAttribute(RequestDispatcher.ERROR_MESSAGE));
                }
            }).addMapping("/error");
            ctx.addServlet("missing", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print("lost");
                    resp.sendError(404, "no such item");
                }
            }).addMapping("/missing");
            ctx.addServlet("throws", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) {
                    throw new IllegalArgumentException("bad item");
                }
            }).addMapping("/throws");
            ctx.addServlet("state", new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) {
                    throw new IllegalStateException("<script>");
                }
            }).addMapping("/state");
        };
        ServletContainer c = Deployment.configure(d, List.of(new Deployment.Initializer(sci, null)), getClass().getClassLoader(),
                Resources.NONE, Deployment.Overrides.none(), log);
        Deployment.start(c, null, "index.html");
        Wire.Result missing = Wire.serve(c, log, get("/missing"));
        assertEquals(404, missing.status());
        assertEquals("ERROR 404 /missing null no such item", missing.body());
        Wire.Result thrown = Wire.serve(c, log, get("/throws"));
        assertEquals(500, thrown.status());
        assertEquals("ERROR 500 /throws class java.lang.IllegalArgumentException bad item", thrown.body());
        assertTrue(log.contains("servlet throws failed on GET /throws"), log.lines.toString());
        Wire.Result state = Wire.serve(c, log, get("/state"));
        assertEquals(500, state.status());
        assertTrue(state.body().contains("<h1>500 Internal Server Error</h1><p>&lt;script&gt;</p>"), state.body());
        Wire.Result unmapped = Wire.serve(c, log, get("/nothing-here"));
        assertEquals(404, unmapped.status(), "no default servlet: 404 through the error page");
        assertEquals("ERROR 404 /nothing-here null ", unmapped.body());
    }

    @Test
    void formParametersComeFromTheQueryAndTheBodyInTheRequestEncoding() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> ctx.addServlet("form", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                req.setCharacterEncoding("UTF-8");
                resp.setContentType("text/plain;charset=UTF-8");
                resp.getWriter().print(String.join(",", req.getParameterValues("name")) + "|" + req.getParameter("empty") + "|"
                        + req.getParameterMap().keySet());
            }
        }).addMapping("/form"));
        String body = "name=J%C3%BCrgen+M&empty=&x=%ZZ";
        Wire.Result r = Wire.serve(c, log, "POST /form?name=q HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertEquals("q,J\u00fcrgen M||[name, empty, x]",
                new String(r.body().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(r.head().contains("Content-Type: text/plain;charset=UTF-8\r\n"), r.head());
    }

    @Test
    void aBodyTheCodecRefusesWhileTheServletReadsGetsTheCodecsStatusNotA500() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> ctx.addServlet("upload", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().print(req.getInputStream().readAllBytes().length);
            }
        }).addMapping("/upload"));
        String chunked = "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n89abcdef\r\n0\r\n\r\n";
        dev.jgu.http.HttpConfig limited = dev.jgu.http.HttpConfig.builder().limitRequestBody(10).build();
        Wire.Result over = Wire.serve(c, log, chunked, limited);
        assertEquals(413, over.status(), over.out());
        assertFalse(over.open(), "the connection closes");
        assertEquals("16", Wire.serve(c, log, chunked).body(), "without the limit the servlet reads it all");
        Wire.Result bad = Wire.serve(c, log, "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertEquals(400, bad.status(), "a bad chunk is the client's error: " + bad.out());
    }

    @Test
    void anAsyncRequestEndsWhenTheAppCompletesItFromAnotherThread() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> {
            var reg = ctx.addServlet("async", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                    AsyncContext async = req.startAsync();
                    CompletableFuture.runAsync(() -> {
                        try {
                            async.getResponse().getWriter().print("done on " + (Thread.currentThread().getName().isEmpty() ? "?" : "another thread"));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        async.complete();
                    });
                }
            });
            reg.addMapping("/async");
            reg.setAsyncSupported(true);
            var dispatching = ctx.addServlet("dispatching", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    if (req.getDispatcherType() == DispatcherType.ASYNC) {
                        resp.getWriter().print("dispatched " + req.getAttribute("result"));
                        return;
                    }
                    AsyncContext async = req.startAsync();
                    async.start(() -> {
                        req.setAttribute("result", 42);
                        async.dispatch();
                    });
                }
            });
            dispatching.addMapping("/dispatching");
            dispatching.setAsyncSupported(true);
            var slow = ctx.addServlet("slow", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                    req.startAsync().setTimeout(50);
                }
            });
            slow.addMapping("/slow");
            slow.setAsyncSupported(true);
            ctx.addServlet("sync", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print(req.isAsyncSupported());
                    req.startAsync();
                }
            }).addMapping("/sync");
        });
        Wire.Result async = Wire.serve(c, log, get("/async"));
        assertEquals("done on another thread", async.body());
        assertEquals("dispatched 42", Wire.serve(c, log, get("/dispatching")).body());
        assertEquals(500, Wire.serve(c, log, get("/slow")).status(), "a timeout nobody handles is a 500");
        Wire.Result sync = Wire.serve(c, log, get("/sync"));
        assertEquals(500, sync.status());
        assertTrue(log.contains("does not support async"), log.lines.toString());
    }

    @Test
    void redirectsAndResetsFollowTheSpec() throws Exception {
        ServletContainer c = container("", (classes, ctx) -> {
            ctx.addServlet("redirect", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().print("gone");
                    resp.sendRedirect("next?x=1");
                }
            }).addMapping("/a/redirect");
            ctx.addServlet("reset", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.setStatus(201);
                    resp.setHeader("X-Old", "1");
                    resp.getOutputStream().print("old");
                    resp.reset();
                    resp.getWriter().print("new");
                }
            }).addMapping("/reset");
        });
        Wire.Result redirect = Wire.serve(c, log, get("/a/redirect"));
        assertEquals(302, redirect.status());
        assertTrue(redirect.head().contains("Location: /a/next?x=1\r\n"), redirect.head());
        assertEquals("", redirect.body());
        Wire.Result reset = Wire.serve(c, log, get("/reset"));
        assertEquals(200, reset.status());
        assertFalse(reset.head().contains("X-Old"), reset.head());
        assertEquals("new", reset.body());
    }

    @Test
    void contextListenersRunAtStartAndInReverseAtClose() throws Exception {
        List<String> events = new java.util.ArrayList<>();
        ServletContainer c = container("", (classes, ctx) -> {
            for (String name : List.of("first", "second")) {
                ctx.addListener(new jakarta.servlet.ServletContextListener() {
                    @Override
                    public void contextInitialized(jakarta.servlet.ServletContextEvent sce) {
                        events.add("init " + name);
                    }

                    @Override
                    public void contextDestroyed(jakarta.servlet.ServletContextEvent sce) {
                        events.add("destroy " + name);
                    }
                });
            }
        });
        ServletContext context = c.context();
        assertThrowsIllegalState(() -> context.addServlet("late", new Paths()));
        c.close();
        assertEquals(List.of("init first", "init second", "destroy second", "destroy first"), events);
    }

    private static void assertThrowsIllegalState(Runnable r) {
        try {
            r.run();
        } catch (IllegalStateException expected) {
            return;
        }
        throw new AssertionError("expected IllegalStateException");
    }
}
