package dev.jgu.adapters.servlet;

import dev.jgu.adapters.servlet.multipart.MultipartParser;
import dev.jgu.adapters.servlet.session.FileSessionStore;
import dev.jgu.adapters.servlet.session.RequestSessions;
import dev.jgu.adapters.servlet.session.SessionConfig;
import dev.jgu.adapters.servlet.session.SessionManager;
import dev.jgu.adapters.servlet.statics.DefaultServlet;
import dev.jgu.adapters.servlet.statics.FileSender;
import dev.jgu.adapters.servlet.webapp.Webapp;
import dev.jgu.adapters.servlet.webapp.WebappException;
import dev.jgu.spi.AppAdapter;
import dev.jgu.spi.AppEnvironment;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Settings;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Serves Jakarta Servlet 6.1 apps in jgu workers. What can be named as the app:
 * <ul>
 *   <li>a {@code .war} file (unpacked once per content into {@code war_dir}) or an exploded web
 *       app directory: its {@code web.xml}, fragments, annotations and initializers, as a
 *       Servlet container deploys it;</li>
 *   <li>a {@link Servlet}: mapped at {@code /*}, async supported, with the class path as the web app;</li>
 *   <li>a {@link ServletContainerInitializer}, or a class an initializer on the class path
 *       claims through {@code @HandlesTypes} (a Spring {@code WebApplicationInitializer}, a JAX-RS
 *       {@code Application}): the class path is the web app, and every initializer on it runs
 *       with the classes it claims.</li>
 * </ul>
 */
public final class ServletAdapter implements AppAdapter {

    /** Found with {@link ServiceLoader}. */
    public ServletAdapter() {
    }

    @Override
    public String accepts() {
        return "a jakarta.servlet.Servlet (mapped at /*), a jakarta.servlet.ServletContainerInitializer, or a class an"
                + " initializer's @HandlesTypes claims (a Spring WebApplicationInitializer, a JAX-RS Application)";
    }

    @Override
    public boolean serves(Class<?> type) {
        return Servlet.class.isAssignableFrom(type) || ServletContainerInitializer.class.isAssignableFrom(type) || claimed(type);
    }

    /** Whether an initializer on the type's class path claims it; initializers are looked at, not run. */
    private static boolean claimed(Class<?> type) {
        try {
            for (ServiceLoader.Provider<ServletContainerInitializer> p
                    : ServiceLoader.load(ServletContainerInitializer.class, type.getClassLoader()).stream().toList()) {
                HandlesTypes handles = p.type().getAnnotation(HandlesTypes.class);
                if (handles == null) {
                    continue;
                }
                for (Class<?> c : handles.value()) {
                    boolean match = c.isAnnotation()
                            ? type.isAnnotationPresent(c.asSubclass(java.lang.annotation.Annotation.class))
                            : c != type && c.isAssignableFrom(type);
                    if (match) {
                        return true;
                    }
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            return false;
        }
        return false;
    }

    @Override
    public Handler adapt(Object app, AppEnvironment env) throws Exception {
        Webapp webapp = Webapp.ofClasspath(env.loader(), roots(env.loader()), env.log());
        try {
            List<Deployment.Initializer> extra = new ArrayList<>();
            if (app instanceof Servlet servlet && webapp.descriptor().servlets().stream()
                    .noneMatch(s -> servlet.getClass().getName().equals(s.className()))) {
                extra.add(new Deployment.Initializer((classes, ctx) -> {
                    ServletRegistration.Dynamic reg = ctx.addServlet(servlet.getClass().getSimpleName(), servlet);
                    reg.addMapping("/*");
                    reg.setAsyncSupported(true);
                    reg.setLoadOnStartup(1);
                }, null));
            }
            if (app instanceof ServletContainerInitializer sci
                    && webapp.initializers().stream().noneMatch(i -> i.getClass() == sci.getClass())) {
                extra.add(new Deployment.Initializer(sci, webapp.handlesTypes(sci)));
            }
            return build(webapp, extra, env, app.getClass().getName());
        } catch (Exception | Error e) {
            webapp.close();
            throw e;
        }
    }

    /**
     * The app's class path entries, for the scans: a class loader's URLs, or, when the app lives on
     * the worker JVM's own class path (jgu puts {@code classpath} there, so the AOT cache can hold
     * its classes), that class path without jgu's own jars.
     */
    static List<Path> roots(ClassLoader loader) {
        List<Path> roots = new ArrayList<>();
        if (loader instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                try {
                    roots.add(Path.of(url.toURI()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file: nothing to scan there
                }
            }
            return roots;
        }
        Path jguLib = jarDir(AppAdapter.class);
        Path adapterLib = jarDir(ServletAdapter.class);
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            Path parent = path.getParent();
            boolean jgus = parent != null && (parent.equals(jguLib) || parent.equals(adapterLib));
            if (!jgus && Files.exists(path) && !path.equals(adapterLib) && !path.equals(jguLib)) {
                roots.add(path);
            }
        }
        return roots;
    }

    /** @return the directory of the jar a class came from (a class directory itself in a build), or null */
    private static Path jarDir(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
            return Files.isDirectory(location) ? location : location.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String acceptsPath() {
        return "a .war file, or a web app directory holding WEB-INF/";
    }

    @Override
    public boolean servesPath(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".war")
                || Files.isDirectory(path);
    }

    @Override
    public Handler adaptPath(Path path, AppEnvironment env) throws Exception {
        String configured = env.settings() == null ? null : env.settings().get("war_dir");
        Path unpackRoot = configured != null ? Path.of(configured) : env.tmpDir().resolve("jgu-war");
        Webapp webapp;
        try {
            webapp = Webapp.open(path, unpackRoot, env.loader(), env.log());
        } catch (WebappException e) {
            throw new ServletException(e.getMessage(), e);
        }
        try {
            String name = path.getFileName().toString().replaceFirst("(?i)\\.war$", "");
            return build(webapp, List.of(), env, name);
        } catch (Exception | Error e) {
            webapp.close();
            throw e;
        }
    }

    private ServletContainer build(Webapp webapp, List<Deployment.Initializer> extra, AppEnvironment env, String appName)
            throws Exception {
        List<Deployment.Initializer> initializers = new ArrayList<>();
        for (ServletContainerInitializer sci : webapp.initializers()) {
            initializers.add(new Deployment.Initializer(sci, webapp.handlesTypes(sci)));
        }
        initializers.addAll(extra);
        Settings settings = env.settings();
        Deployment.Overrides overrides = overrides(settings);
        Resources resources = new Resources() {
            @Override
            public URL resource(String path) {
                return webapp.resource(path);
            }

            @Override
            public java.util.Set<String> resourcePaths(String dir) {
                return webapp.resourcePaths(dir);
            }

            @Override
            public String realPath(String path) {
                return webapp.realPath(path);
            }
        };
        Path tempDir = Files.createDirectories(env.tmpDir().resolve("jgu-webapp-tmp")
                .resolve(appName.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ProcessHandle.current().pid()));
        Map<String, Object> provided = new java.util.LinkedHashMap<>();
        provided.put(jakarta.servlet.ServletContext.TEMPDIR, tempDir.toFile());
        if (webapp.orderedLibs() != null) {
            provided.put(jakarta.servlet.ServletContext.ORDERED_LIBS, webapp.orderedLibs());
        }
        ServletContainer container = Deployment.configure(webapp.descriptor(), initializers, webapp.loader(), resources, overrides,
                env.log(), provided);
        webapp.startupComplete();
        JguServletContext context = container.context();
        Path uploads = env.tmpDir();
        container.multipart = multipart(uploads);
        Path sessionDir = sessionDir(settings, env, appName);
        SessionManager sessions = sessions(sessionDir, env, context);
        container.sessions = request -> sessionsFor(sessions, context, request);
        context.setAttribute(FileSender.ATTRIBUTE, (FileSender) ServletAdapter::sendFile);
        DefaultServlet defaultServlet = new DefaultServlet();
        Deployment.start(container, defaultServlet, Deployment.welcomeFiles(webapp.descriptor()));
        container.onClose(webapp::close);
        container.onClose(() -> deleteTree(tempDir, env));
        container.onClose(sessions::close);
        env.log().info("servlet: started " + appName + " at " + (context.getContextPath().isEmpty() ? "/" : context.getContextPath())
                + " with " + context.servlets.size() + " servlets, " + context.filters.size() + " filters; sessions in "
                + sessionDir);
        return container;
    }

    /** Removes a worker's own temp dir at its graceful stop; what cannot be removed stays in worker_tmp_dir. */
    private static void deleteTree(Path dir, AppEnvironment env) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            env.log().warn("servlet: cannot remove the web app's temp dir " + dir + ": " + e);
        }
    }

    private static boolean sendFile(jakarta.servlet.http.HttpServletResponse response, Path file, long offset, long length)
            throws IOException {
        if (!(response instanceof JguResponse own) || !own.canSendWhole() || offset != 0 || length != Files.size(file)) {
            return false;
        }
        own.sendFile(file);
        return true;
    }

    private static Deployment.Overrides overrides(Settings s) {
        if (s == null) {
            return Deployment.Overrides.none();
        }
        String timeout = s.get("session_timeout");
        String httpOnly = s.get("session_cookie_http_only");
        return new Deployment.Overrides(s.get("context_path", ""),
                timeout == null || timeout.isEmpty() ? null : Integer.valueOf(timeout.trim()),
                s.get("session_cookie_name"), s.get("session_cookie_same_site"), s.get("session_cookie_secure"),
                httpOnly == null || httpOnly.isEmpty() ? null : Boolean.valueOf(httpOnly.trim()));
    }

    private static Path sessionDir(Settings s, AppEnvironment env, String appName) {
        String configured = s == null ? null : s.get("session_dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String contextPath = s == null ? "" : s.get("context_path", "");
        String name = (appName + contextPath.replace('/', '-')).replaceAll("[^A-Za-z0-9._-]", "_");
        return env.tmpDir().resolve("jgu-sessions").resolve(name);
    }

    private static SessionManager sessions(Path dir, AppEnvironment env, JguServletContext context) throws IOException {
        JguSessionCookieConfig c = context.sessionCookieConfig;
        String sameSite = c.attributes.get("SameSite");
        java.util.Map<String, String> others = new java.util.LinkedHashMap<>(c.attributes);
        others.keySet().removeIf(k -> List.of("samesite", "path", "domain", "max-age", "expires", "secure", "httponly")
                .contains(k.toLowerCase(Locale.ROOT)));
        SessionConfig config = new SessionConfig(c.name, c.path, c.domain, c.maxAge, c.httpOnly,
                c.secure == null ? SessionConfig.SecureMode.AUTO : c.secure ? SessionConfig.SecureMode.ALWAYS : SessionConfig.SecureMode.NEVER,
                sameSite == null ? null : SessionConfig.SameSite.valueOf(sameSite.toUpperCase(Locale.ROOT)),
                others, context.getSessionTimeout() * 60);
        FileSessionStore store = new FileSessionStore(dir, java.time.Clock.systemUTC(), env.log());
        return new SessionManager(store, config, context, () -> List.copyOf(context.listeners), context.getClassLoader(), env.log());
    }

    /** A request's sessions, looked at only when the app asks: most requests never parse the cookie. */
    private static SessionSupport sessionsFor(SessionManager manager, JguServletContext context, JguRequest request) {
        return new SessionSupport() {
            private RequestSessions sessions;

            private RequestSessions sessions() {
                if (sessions == null) {
                    sessions = manager.forRequest(cookieValue(context, request), request.isSecure(), request.response::addSetCookie);
                }
                return sessions;
            }

            @Override
            public jakarta.servlet.http.HttpSession get(boolean create) {
                return sessions().get(create);
            }

            @Override
            public String changeId() {
                return sessions().changeId();
            }

            @Override
            public String requestedId() {
                return sessions().requestedId();
            }

            @Override
            public boolean requestedIdValid() {
                return sessions().requestedIdValid();
            }

            @Override
            public void finish() {
                if (sessions != null) {
                    sessions.finish();
                }
            }
        };
    }

    /** The first well-formed session cookie's value, or null. */
    private static String cookieValue(JguServletContext context, JguRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(context.sessionCookieConfig.name)
                        && dev.jgu.adapters.servlet.session.SessionIds.isWellFormed(cookie.getValue())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private static MultipartSupport multipart(Path defaultLocation) {
        return new MultipartSupport() {
            @Override
            public Collection<Part> parse(InputStream body, String contentType, Charset charset, MultipartConfigElement config)
                    throws IOException {
                return List.copyOf(MultipartParser.parse(body, contentType, charset, config, defaultLocation));
            }

            @Override
            public String fieldValue(Part part, Charset charset) throws IOException {
                return MultipartParser.fieldValue(part, charset);
            }

            @Override
            public void cleanup(Collection<Part> parts) {
                try {
                    MultipartParser.cleanup(parts);
                } catch (IOException e) {
                    // the temp dir keeps what could not be deleted; nothing for the response to do
                }
            }
        };
    }
}
