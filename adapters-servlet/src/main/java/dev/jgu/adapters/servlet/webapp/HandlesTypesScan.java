package dev.jgu.adapters.servlet.webapp;

import dev.jgu.spi.Log;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the classes a {@link ServletContainerInitializer}'s {@link HandlesTypes} asks for (Servlet
 * spec 8.2.4): every web app class assignable to a listed class or interface, however far up the
 * chain (a user class extending Jersey's {@code ResourceConfig}, Spring's initializer chain), and
 * every class with a listed annotation on itself, a method or a field. One ClassGraph scan of the
 * web app's own class path serves every initializer and the annotation pass; {@link #close()}
 * frees it when start-up is over.
 */
public final class HandlesTypesScan implements Closeable {

    private ScanResult scan;
    private final ClassLoader loader;
    private final Log log;
    /** Supertypes outside the scan (the container's {@code HttpServlet}, the JDK's), checked by reflection. */
    private final Map<String, Optional<Class<?>>> outside = new HashMap<>();

    private final List<Path> roots;
    private final ScanCache cache;

    private HandlesTypesScan(List<Path> roots, ClassLoader loader, Log log, ScanCache cache) {
        this.roots = roots;
        this.loader = loader;
        this.log = log;
        this.cache = cache;
    }

    /**
     * Scans {@code roots}: only the web app's own class path, never jgu's or the JDK's.
     *
     * @param roots {@code WEB-INF/classes} and the lib jars, or an app's class path
     * @param loader the loader found classes are loaded with
     * @param log where classes that fail to load are named
     * @return the scan; close it when start-up is over
     */
    public static HandlesTypesScan of(List<Path> roots, ClassLoader loader, Log log) {
        return of(roots, loader, log, ScanCache.none());
    }

    /**
     * As {@link #of(List, ClassLoader, Log)}, answering from {@code cache} what an earlier scan of
     * the same (unchanging) roots found; the roots are scanned only for what it does not know.
     */
    static HandlesTypesScan of(List<Path> roots, ClassLoader loader, Log log, ScanCache cache) {
        return new HandlesTypesScan(List.copyOf(roots), loader, log, cache);
    }

    /** @return the whole scan, made on first use */
    public synchronized ScanResult scanResult() {
        if (scan == null) {
            // a web app of static files has no class roots: ClassGraph refuses an empty class path,
            // so it scans an empty loader instead and finds nothing
            ClassGraph graph = roots.isEmpty()
                    ? new ClassGraph().overrideClassLoaders(new java.net.URLClassLoader(new java.net.URL[0], null)).ignoreParentClassLoaders()
                    : new ClassGraph().overrideClasspath(roots);
            scan = graph.enableClassInfo().enableAnnotationInfo()
                    .enableMethodInfo().enableFieldInfo().ignoreClassVisibility().ignoreMethodVisibility()
                    .ignoreFieldVisibility().enableExternalClasses().scan();
        }
        return scan;
    }

    /**
     * A scan of only these classes, for reading their annotations when a cache named them.
     *
     * @param names fully-qualified class names
     * @return the scan; the caller closes it
     */
    ScanResult only(Set<String> names) {
        return new ClassGraph().overrideClasspath(roots).acceptClasses(names.toArray(String[]::new))
                .enableClassInfo().enableAnnotationInfo().ignoreClassVisibility().scan();
    }

    Log log() {
        return log;
    }

    /** @return the cache this scan answers from and adds to */
    ScanCache cache() {
        return cache;
    }

    /**
     * @param sci an initializer
     * @return its {@code @HandlesTypes} value, or null when it has none
     */
    public static Class<?>[] declaredTypes(ServletContainerInitializer sci) {
        HandlesTypes handles = sci.getClass().getAnnotation(HandlesTypes.class);
        return handles == null ? null : handles.value();
    }

    /**
     * @param sci an initializer
     * @return what to pass to its {@code onStartup}: null when it has no {@code @HandlesTypes} (as
     *     the spec says), else the matching classes (maybe none)
     */
    public Set<Class<?>> find(ServletContainerInitializer sci) {
        Class<?>[] types;
        try {
            types = declaredTypes(sci);
        } catch (RuntimeException e) {
            // TypeNotPresentException: a listed class is missing from the web app's class path.
            log.warn("handles-types: sci=" + sci.getClass().getName() + " unreadable @HandlesTypes, passing no"
                    + " classes: " + e);
            return new LinkedHashSet<>();
        }
        return types == null ? null : find(types);
    }

    /**
     * @param types a {@code @HandlesTypes} value
     * @return the web app classes assignable to, or annotated (class, method or field) with, any of
     *     them, not the listed types themselves; loaded without initialization
     */
    public Set<Class<?>> find(Class<?>[] types) {
        String key = ScanCache.key(types);
        List<String> known = cache.handles(key);
        Set<String> names = new LinkedHashSet<>();
        if (known != null) {
            names.addAll(known);
        } else {
            names.addAll(scanned(types));
            cache.handles(key, new ArrayList<>(names));
        }
        Set<Class<?>> found = new LinkedHashSet<>();
        for (String name : names) {
            try {
                found.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                log.warn("handles-types: skipping class=" + name + " error=\"" + e + "\"");
            }
        }
        return found;
    }

    private Set<String> scanned(Class<?>[] types) {
        ScanResult scan = scanResult();
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> type : types) {
            if (type.isAnnotation()) {
                scan.getClassesWithAnnotation(type.getName()).forEach(c -> names.add(c.getName()));
                scan.getClassesWithMethodAnnotation(type.getName()).forEach(c -> names.add(c.getName()));
                scan.getClassesWithFieldAnnotation(type.getName()).forEach(c -> names.add(c.getName()));
            } else {
                for (ClassInfo c : scan.getAllClasses()) {
                    if (!c.isExternalClass() && !c.getName().equals(type.getName()) && assignable(c, type)) {
                        names.add(c.getName());
                    }
                }
            }
        }
        return names;
    }

    private boolean assignable(ClassInfo c, Class<?> type) {
        String name = type.getName();
        if (c.extendsSuperclass(name) || c.implementsInterface(name)) {
            return true;
        }
        // The scan stops at classes it did not read: HttpServlet (the container's) implements
        // Servlet, but the scan only knows that a user servlet extends HttpServlet.
        List<ClassInfo> supertypes = new ArrayList<>(c.getSuperclasses());
        supertypes.addAll(c.getInterfaces());
        for (ClassInfo s : supertypes) {
            if (s.isExternalClass()) {
                Optional<Class<?>> loaded = outside.computeIfAbsent(s.getName(), this::loadOutside);
                if (loaded.isPresent() && type.isAssignableFrom(loaded.get())) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<Class<?>> loadOutside(String name) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Frees the scan. */
    @Override
    public synchronized void close() {
        if (scan != null) {
            scan.close();
        }
    }
}
