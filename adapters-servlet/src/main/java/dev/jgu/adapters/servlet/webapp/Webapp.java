package dev.jgu.adapters.servlet.webapp;

import dev.jgu.adapters.servlet.webapp.FragmentOrder.Fragment;
import dev.jgu.spi.Log;
import jakarta.servlet.ServletContainerInitializer;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One deployed web app: its root directory (an exploded or unpacked WAR) or, for an app named by
 * class, its class path; its class loader; the descriptor merged from web.xml, fragments and
 * annotations; and its {@link ServletContainerInitializer}s with the classes their {@code
 * @HandlesTypes} asks for. Resource lookups follow {@code ServletContext.getResource} and friends:
 * a file under the root first, then {@code META-INF/resources/} of the app's jars.
 */
public final class Webapp implements Closeable {

    private final Path root;
    private final ClassLoader loader;
    private final WebappClassLoader ownLoader;
    private final WebAppDescriptor descriptor;
    private final List<ServletContainerInitializer> initializers;
    private final List<String> orderedLibs;
    private final JarResources jarResources;
    private final Log log;
    private final Map<ServletContainerInitializer, Set<Class<?>>> handled = new IdentityHashMap<>();
    private HandlesTypesScan scan;

    private Webapp(Path root, ClassLoader loader, WebappClassLoader ownLoader, Deployment d, Log log) {
        this.root = root;
        this.loader = loader;
        this.ownLoader = ownLoader;
        this.descriptor = d.descriptor;
        this.initializers = d.initializers;
        this.orderedLibs = d.orderedLibs;
        this.jarResources = d.jarResources;
        this.scan = d.scan;
        this.log = log;
    }

    /** What {@link #open} and {@link #ofClasspath} assemble before the instance exists. */
    private static final class Deployment {
        WebAppDescriptor descriptor = WebAppDescriptor.empty();
        List<ServletContainerInitializer> initializers = List.of();
        List<String> orderedLibs;
        JarResources jarResources;
        HandlesTypesScan scan;
    }

    /**
     * Deploys a WAR file (unpacked with {@link WarUnpacker}) or an exploded web app directory.
     *
     * @param warOrDir a {@code .war} file or a directory holding {@code WEB-INF/}
     * @param unpackRoot where WAR files are unpacked
     * @param parent the container's class loader; must see {@code jakarta.servlet}
     * @param log the server's log
     * @return the web app; its {@link WebAppDescriptor#unsupported()} lists what jgu would not honour
     * @throws WebappException when the app cannot be read or its descriptors are wrong
     */
    public static Webapp open(Path warOrDir, Path unpackRoot, ClassLoader parent, Log log) throws WebappException {
        Path root = rootOf(warOrDir.toAbsolutePath().normalize(), unpackRoot, log);
        WebappClassLoader loader = WebappClassLoader.create(root, parent, log);
        Deployment d = new Deployment();
        try {
            Path webXmlFile = root.resolve("WEB-INF/web.xml");
            WebXml webXml = Files.isRegularFile(webXmlFile)
                    ? WebXml.parseAndClose(newInputStream(webXmlFile, "WEB-INF/web.xml"), "WEB-INF/web.xml", false)
                    : null;
            List<String> absolute = webXml == null ? null : webXml.absoluteOrdering();
            List<Fragment> fragments = fragments(loader.jars());
            List<Fragment> ordered = FragmentOrder.order(fragments, absolute);
            boolean complete = webXml != null && webXml.metadataComplete();
            List<WebXml> sources = new ArrayList<>();
            if (webXml != null) {
                sources.add(webXml);
                d.descriptor = webXml.descriptor();
            }
            Set<Path> annotated = new LinkedHashSet<>();
            loader.roots().stream().filter(Files::isDirectory).forEach(annotated::add);
            for (Fragment f : ordered) {
                if (f.xml() != null && !complete) {
                    sources.add(f.xml());
                    d.descriptor = DescriptorMerge.merge(d.descriptor, f.xml().descriptor());
                }
                if (f.xml() == null || !f.xml().metadataComplete()) {
                    annotated.add(f.jar());
                }
            }
            // an unpacked WAR never changes: what its scan found is kept beside it for the next worker
            ScanCache cache = Files.isRegularFile(warOrDir)
                    ? ScanCache.load(root.resolveSibling(root.getFileName() + ".scan"), log) : ScanCache.none();
            d.scan = HandlesTypesScan.of(loader.roots(), loader, log, cache);
            if (!complete) {
                d.descriptor = DescriptorMerge.merge(d.descriptor, annotations(d.scan, in(annotated)));
            }
            requireKnownNames(d.descriptor, sources);
            d.jarResources = new JarResources(loader.roots());
            d.descriptor = withJspCheck(d.descriptor, root, d.jarResources);
            d.orderedLibs = !FragmentOrder.declared(fragments, absolute) ? null
                    : ordered.stream().map(f -> f.jar().getFileName().toString()).toList();
            List<Path> sciRoots = new ArrayList<>(loader.roots().stream().filter(Files::isDirectory).toList());
            ordered.forEach(f -> sciRoots.add(f.jar()));
            d.initializers = Initializers.load(sciRoots, root, loader);
            log.info("webapp-open: root=" + root + " servlets=" + d.descriptor.servlets().size() + " filters="
                    + d.descriptor.filters().size() + " initializers=" + d.initializers.size());
            return new Webapp(root, loader, loader, d, log);
        } catch (WebappException | RuntimeException e) {
            if (d.scan != null) {
                d.scan.close();
            }
            try {
                loader.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Deploys an app named by class (e.g. a Spring {@code WebApplicationInitializer}) whose whole
     * class path is the web app: no web.xml, no root directory, resources from {@code
     * META-INF/resources/} on the class path.
     *
     * @param appLoader the app's loader (not closed by {@link #close()})
     * @param roots the app's class path, scanned for annotations and {@code @HandlesTypes}
     * @param log the server's log
     * @return the web app
     * @throws WebappException when an annotation value is wrong or an initializer cannot be made
     */
    public static Webapp ofClasspath(ClassLoader appLoader, List<Path> roots, Log log) throws WebappException {
        Deployment d = new Deployment();
        d.scan = HandlesTypesScan.of(roots, appLoader, log);
        try {
            d.descriptor = DescriptorMerge.merge(WebAppDescriptor.empty(),
                    Annotations.scan(d.scan.scanResult(), file -> true));
            d.jarResources = new JarResources(roots);
            d.initializers = Initializers.load(roots, null, appLoader);
            return new Webapp(null, appLoader, null, d, log);
        } catch (WebappException | RuntimeException e) {
            d.scan.close();
            throw e;
        }
    }

    /** @return the web app's root directory, or null for an app on the class path */
    public Path root() {
        return root;
    }

    /** @return the loader the app's classes come from */
    public ClassLoader loader() {
        return loader;
    }

    /** @return what web.xml, the fragments and the annotations declare, merged */
    public WebAppDescriptor descriptor() {
        return descriptor;
    }

    /**
     * @return the jar names of {@code WEB-INF/lib} in fragment order, for the {@code
     *     jakarta.servlet.context.orderedLibs} attribute; null when no ordering was declared
     */
    public List<String> orderedLibs() {
        return orderedLibs;
    }

    /** @return the app's initializers, instantiated, in jar order (jars left out by absolute-ordering give none) */
    public List<ServletContainerInitializer> initializers() {
        return initializers;
    }

    /**
     * @param sci an initializer (usually one of {@link #initializers()})
     * @return the classes for its {@code onStartup}: null when it has no {@code @HandlesTypes}
     * @throws IllegalStateException when asked after {@link #startupComplete()} about an
     *     initializer not asked about before
     */
    public synchronized Set<Class<?>> handlesTypes(ServletContainerInitializer sci) {
        if (HandlesTypesScan.declaredTypes(sci) == null) {
            return null;
        }
        if (!handled.containsKey(sci)) {
            if (scan == null) {
                throw new IllegalStateException("handles-types: sci=" + sci.getClass().getName()
                        + " asked after start-up, the class scan is closed");
            }
            handled.put(sci, scan.find(sci));
        }
        return handled.get(sci);
    }

    /** Frees the class scan once every initializer has run, keeping what it found; start-up is over. */
    public synchronized void startupComplete() {
        if (scan != null) {
            scan.close();
            scan.cache().save(log);
            scan = null;
        }
    }

    /**
     * The annotation pass: from the whole scan, or, when the cache names the annotated classes,
     * from a scan of only those.
     */
    private static WebAppDescriptor annotations(HandlesTypesScan scan, java.util.function.Predicate<java.io.File> roots)
            throws WebappException {
        Set<String> known = scan.cache().annotated();
        if (known == null) {
            io.github.classgraph.ScanResult all = scan.scanResult();
            Set<String> names = new LinkedHashSet<>();
            for (String annotation : Annotations.TYPES) {
                all.getClassesWithAnnotation(annotation).forEach(c -> names.add(c.getName()));
            }
            scan.cache().annotated(names);
            return Annotations.scan(all, roots);
        }
        scan.log().info("scan-cache: annotated=" + known.size() + " classes known, no full scan");
        if (known.isEmpty()) {
            return WebAppDescriptor.empty();
        }
        try (io.github.classgraph.ScanResult some = scan.only(known)) {
            return Annotations.scan(some, roots);
        }
    }

    /**
     * @param path a path starting with {@code /}
     * @return the file under the root, else {@code META-INF/resources/<path>} of the app's jars;
     *     null when absent or when the path would leave the root
     */
    public URL resource(String path) {
        String clean = ResourcePath.clean(path);
        if (clean == null) {
            return null;
        }
        if (root != null) {
            Path file = root.resolve(clean.substring(1));
            if (Files.exists(file)) {
                try {
                    return file.toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(file + ": no URL", e);
                }
            }
        }
        String name = "META-INF/resources" + clean;
        return ownLoader != null ? ownLoader.ownResource(name) : loader.getResource(name);
    }

    /**
     * {@code ServletContext.getResourcePaths}: the direct children of {@code dir}, directories
     * ending with {@code /}.
     *
     * @param dir a directory path starting with {@code /}
     * @return the children, or null when there are none
     */
    public Set<String> resourcePaths(String dir) {
        String clean = ResourcePath.clean(dir);
        if (clean == null) {
            return null;
        }
        String prefix = clean.endsWith("/") ? clean : clean + "/";
        Set<String> children = new TreeSet<>(jarResources.children(prefix));
        if (root != null && Files.isDirectory(root.resolve(prefix.substring(1)))) {
            try (Stream<Path> files = Files.list(root.resolve(prefix.substring(1)))) {
                files.forEach(p -> children.add(prefix + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
            } catch (IOException e) {
                log.warn("webapp-resource-paths: dir=" + prefix + " error=\"" + e + "\"");
            }
        }
        return children.isEmpty() ? null : children;
    }

    /**
     * @param path a path starting with {@code /}
     * @return the file-system path it maps to under the root (existing or not), or null for an app
     *     on the class path or a path that would leave the root
     */
    public String realPath(String path) {
        String clean = ResourcePath.clean(path);
        return root == null || clean == null ? null : root.resolve(clean.substring(1)).toString();
    }

    /** Closes the class scan and the web app's own loader. */
    @Override
    public void close() {
        startupComplete();
        if (ownLoader != null) {
            try {
                ownLoader.close();
            } catch (IOException e) {
                log.warn("webapp-close: root=" + root + " error=\"" + e + "\"");
            }
        }
    }

    private static Path rootOf(Path warOrDir, Path unpackRoot, Log log) throws WebappException {
        if (Files.isRegularFile(warOrDir)) {
            return WarUnpacker.unpack(warOrDir, unpackRoot, log);
        }
        if (!Files.isDirectory(warOrDir)) {
            throw new WebappException(warOrDir + ": no such file or directory, expected a .war or a web app directory");
        }
        if (!Files.isDirectory(warOrDir.resolve("WEB-INF"))) {
            throw new WebappException(warOrDir + ": no WEB-INF/ inside, expected a web app directory");
        }
        return warOrDir;
    }

    private static List<Fragment> fragments(List<Path> jars) throws WebappException {
        List<Fragment> fragments = new ArrayList<>();
        for (Path jar : jars) {
            String source = "WEB-INF/lib/" + jar.getFileName() + "!/META-INF/web-fragment.xml";
            try (JarFile file = new JarFile(jar.toFile())) {
                var entry = file.getEntry("META-INF/web-fragment.xml");
                fragments.add(new Fragment(jar, entry == null ? null
                        : WebXml.parseAndClose(file.getInputStream(entry), source, true)));
            } catch (IOException e) {
                throw new WebappException(source + ": cannot read: " + e, e);
            }
        }
        return fragments;
    }

    private static void requireKnownNames(WebAppDescriptor d, List<WebXml> sources) throws WebappException {
        Set<String> servlets = new LinkedHashSet<>();
        d.servlets().forEach(s -> servlets.add(s.name()));
        Set<String> filters = new LinkedHashSet<>();
        d.filters().forEach(f -> filters.add(f.name()));
        for (var m : d.servletMappings()) {
            if (!servlets.contains(m.servletName())) {
                throw new WebappException(site(sources, m.servletName()) + ": <servlet-mapping> for <servlet-name>"
                        + m.servletName() + "</servlet-name>: expected a declared servlet, have " + servlets);
            }
        }
        for (var m : d.filterMappings()) {
            if (!filters.contains(m.filterName())) {
                throw new WebappException(site(sources, "filter:" + m.filterName()) + ": <filter-mapping> for"
                        + " <filter-name>" + m.filterName() + "</filter-name>: expected a declared filter, have "
                        + filters);
            }
        }
    }

    private static String site(List<WebXml> sources, String key) {
        return sources.stream().map(x -> x.mappingSites().get(key)).filter(s -> s != null).findFirst()
                .orElse("annotations");
    }

    private static WebAppDescriptor withJspCheck(WebAppDescriptor d, Path root, JarResources jarResources)
            throws WebappException {
        Set<String> jsps = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> isJsp(p.getFileName().toString()) && Files.isRegularFile(p))
                    .forEach(p -> jsps.add(root.relativize(p).toString().replace(File.separatorChar, '/')));
        } catch (IOException e) {
            throw new WebappException(root + ": cannot list for JSP files: " + e, e);
        }
        jarResources.paths().stream().filter(Webapp::isJsp).forEach(p -> jsps.add("META-INF/resources" + p));
        if (jsps.isEmpty()) {
            return d;
        }
        String note = "JSP files (e.g. " + jsps.iterator().next() + "): jgu does not compile JSPs";
        return DescriptorMerge.merge(d, new WebAppDescriptor(null, false, Map.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), null, Map.of(), Map.of(), null, null, false,
                List.of(note)));
    }

    private static boolean isJsp(String name) {
        return name.endsWith(".jsp") || name.endsWith(".jspx");
    }

    private static Predicate<File> in(Set<Path> roots) {
        Set<Path> real = new LinkedHashSet<>();
        roots.forEach(r -> real.add(ResourcePath.real(r)));
        return file -> file != null && real.contains(ResourcePath.real(file.toPath()));
    }

    private static InputStream newInputStream(Path file, String source) throws WebappException {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new WebappException(source + ": cannot read: " + e, e);
        }
    }
}
