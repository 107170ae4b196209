package dev.jgu.adapters.servlet.webapp;

import dev.jgu.spi.Log;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The class loader of one web app: {@code WEB-INF/classes}, then {@code WEB-INF/lib/*.jar} in
 * name order, looked in before the parent (Servlet spec 10.7.2), except for what the container
 * provides: {@code java.*}, the JDK's {@code javax.*}, {@code jakarta.servlet.*}, jgu's own
 * packages ({@code dev.jgu.spi}, {@code .http}, {@code .protocol}, {@code .workers}, {@code .adapters},
 * {@code .arbiter}) and ClassGraph always come from the parent, so the app and jgu agree on
 * {@code jakarta.servlet.Servlet}.
 *
 * <p>Logging: a web app that brings no slf4j backend of its own (no jar of {@code WEB-INF/lib} declares an
 * {@code org.slf4j.spi.SLF4JServiceProvider}, nor holds slf4j 1's {@code StaticLoggerBinder}) gets {@code org.slf4j}
 * from the parent, so its lines (and spring-jcl's, which goes to slf4j when it sees it) land in jgu's error log
 * with the worker's pid, even when it carries its own {@code slf4j-api} jar. A web app with a backend (logback in
 * {@code WEB-INF/lib}) keeps its own copy of everything, and its own configuration.
 *
 * <p>{@code WEB-INF/lib-provided/} is ignored: Spring Boot's executable WAR keeps its embedded
 * Tomcat there for {@code java -jar}. A jar in {@code WEB-INF/lib} that bundles the Servlet API is
 * skipped, as Tomcat does.
 */
public final class WebappClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** jgu's own packages, by name: an app's classes may live under dev.jgu too (jgu's test apps do). */
    private static final List<String> PARENT_ONLY = List.of("java.", "jakarta.servlet.", "dev.jgu.spi.", "dev.jgu.http.",
            "dev.jgu.protocol.", "dev.jgu.workers.", "dev.jgu.adapters.", "dev.jgu.arbiter.", "dev.jgu.logging.",
            "io.github.classgraph.");
    private static final List<String> PARENT_ONLY_RESOURCES =
            PARENT_ONLY.stream().map(p -> p.replace('.', '/')).toList();
    /** jgu's slf4j, for a web app without a backend of its own. */
    private static final List<String> PARENT_SLF4J = List.of("org.slf4j.");
    private static final List<String> PARENT_SLF4J_RESOURCES =
            List.of("org/slf4j/", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
    private static final String SLF4J_PROVIDER_SERVICE = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    private static final String SLF4J_1_BINDER = "org/slf4j/impl/StaticLoggerBinder.class";
    private static final String SERVLET_API_CLASS = "jakarta/servlet/Servlet.class";

    private final ClassLoader jdk = ClassLoader.getPlatformClassLoader();
    private final List<Path> roots;
    private final boolean ownLogging;

    private WebappClassLoader(List<Path> roots, ClassLoader parent, boolean ownLogging) {
        super("webapp", urls(roots), parent);
        this.roots = roots;
        this.ownLogging = ownLogging;
    }

    /**
     * Builds the loader of the web app at {@code root}.
     *
     * @param root the web app's root directory (holding {@code WEB-INF/})
     * @param parent the container's loader; must see {@code jakarta.servlet}
     * @param log where a skipped Servlet API jar is named
     * @return the loader
     * @throws WebappException when {@code WEB-INF/lib} cannot be listed or a jar cannot be read
     */
    public static WebappClassLoader create(Path root, ClassLoader parent, Log log) throws WebappException {
        List<Path> roots = new ArrayList<>();
        boolean ownLogging = false;
        Path classes = root.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            roots.add(classes);
        }
        Path lib = root.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            List<Path> jars;
            try (Stream<Path> files = Files.list(lib)) {
                jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException e) {
                throw new WebappException("WEB-INF/lib: cannot list: " + e, e);
            }
            for (Path jar : jars) {
                if (bindsSlf4j(jar)) {
                    ownLogging = true;
                    log.info("webapp-loader: jar=WEB-INF/lib/" + jar.getFileName()
                            + " brings an slf4j backend: the web app keeps its own logging");
                }
                if (holdsServletApi(jar)) {
                    log.info("webapp-loader: skipping jar=WEB-INF/lib/" + jar.getFileName()
                            + " reason=\"holds jakarta.servlet, the container provides it\"");
                } else {
                    roots.add(jar);
                }
            }
        }
        return new WebappClassLoader(List.copyOf(roots), parent, ownLogging);
    }

    /** @return whether the web app brought its own slf4j backend, and so keeps its own logging */
    public boolean ownLogging() {
        return ownLogging;
    }

    /** @return {@code WEB-INF/classes} (when present) and the jars used, in lookup order */
    public List<Path> roots() {
        return roots;
    }

    /** @return the jars used, in name order (without {@code WEB-INF/classes}) */
    public List<Path> jars() {
        return roots.stream().filter(p -> !Files.isDirectory(p)).toList();
    }

    /**
     * @param name a resource name, e.g. {@code META-INF/resources/app.js}
     * @return the web app's own copy (never the parent's), or null
     */
    public URL ownResource(String name) {
        return findResource(name);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (startsWithAny(name, PARENT_ONLY) || !ownLogging && startsWithAny(name, PARENT_SLF4J)) {
            // Not super.loadClass: on a miss in the parent it would fall back to our own copy.
            return getParent().loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && name.startsWith("javax.")) {
                c = fromJdk(name);
            }
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notOurs) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (startsWithAny(name, PARENT_ONLY_RESOURCES) || !ownLogging && startsWithAny(name, PARENT_SLF4J_RESOURCES)) {
            return getParent().getResource(name);
        }
        URL url = name.startsWith("javax/") ? jdk.getResource(name) : null;
        if (url == null) {
            url = findResource(name);
        }
        return url != null ? url : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (startsWithAny(name, PARENT_ONLY_RESOURCES) || !ownLogging && startsWithAny(name, PARENT_SLF4J_RESOURCES)) {
            return getParent().getResources(name);
        }
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        for (URL url : Collections.list(getParent().getResources(name))) {
            if (!urls.contains(url)) {
                urls.add(url);
            }
        }
        return Collections.enumeration(urls);
    }

    private Class<?> fromJdk(String name) {
        try {
            return jdk.loadClass(name);
        } catch (ClassNotFoundException notInJdk) {
            return null;
        }
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean bindsSlf4j(Path jar) throws WebappException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(SLF4J_PROVIDER_SERVICE) != null || file.getEntry(SLF4J_1_BINDER) != null;
        } catch (IOException e) {
            throw new WebappException("WEB-INF/lib/" + jar.getFileName() + ": cannot read the jar: " + e, e);
        }
    }

    private static boolean holdsServletApi(Path jar) throws WebappException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(SERVLET_API_CLASS) != null;
        } catch (IOException e) {
            throw new WebappException("WEB-INF/lib/" + jar.getFileName() + ": cannot read the jar: " + e, e);
        }
    }

    private static URL[] urls(List<Path> roots) {
        URL[] urls = new URL[roots.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = roots.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(roots.get(i) + ": not a valid class path entry", e);
            }
        }
        return urls;
    }
}
