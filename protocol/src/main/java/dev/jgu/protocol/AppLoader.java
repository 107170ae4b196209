package dev.jgu.protocol;

import dev.jgu.spi.App;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the app named on the command line: {@code com.example.App} (a public
 * no-arg constructor) or {@code com.example.App::create} (a public static
 * factory taking no arguments). Used by every worker, and by the arbiter for
 * {@code --preload} and {@code --check-config}.
 */
public final class AppLoader {

    private AppLoader() {
    }

    /**
     * A class loader over the app's classpath entries: directories, jars, and
     * {@code dir/*} for every jar in a directory (as {@code java -cp} reads it).
     *
     * @param entries the {@code classpath} setting
     * @param parent the parent loader (jgu's own)
     * @return the parent itself when there are no entries
     * @throws AppLoadException when an entry does not exist
     */
    public static ClassLoader classLoader(List<String> entries, ClassLoader parent) throws AppLoadException {
        if (entries.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : entries) {
            for (Path path : expand(entry)) {
                try {
                    urls.add(path.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new AppLoadException("classpath: cannot use " + path + ": " + e.getMessage(), e);
                }
            }
        }
        return new URLClassLoader("app", urls.toArray(URL[]::new), parent);
    }

    private static List<Path> expand(String entry) throws AppLoadException {
        if (entry.endsWith("/*") || entry.equals("*")) {
            Path dir = Path.of(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2)).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new AppLoadException("classpath: " + entry + ": " + dir + " is not a directory");
            }
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                stream.forEach(jars::add);
            } catch (IOException e) {
                throw new AppLoadException("classpath: cannot list " + dir + ": " + e.getMessage(), e);
            }
            jars.sort(null);
            return jars;
        }
        Path path = Path.of(entry).toAbsolutePath();
        if (!Files.exists(path)) {
            throw new AppLoadException("classpath: " + entry + " does not exist (expected a directory or a jar)");
        }
        return List.of(path);
    }

    /**
     * Loads and constructs the app.
     *
     * @param spec {@code com.example.App} or {@code com.example.App::create}
     * @param loader where to find the class
     * @return the app
     * @throws AppLoadException naming the class and the cause
     */
    public static App load(String spec, ClassLoader loader) throws AppLoadException {
        if (spec == null || spec.isBlank()) {
            throw new AppLoadException("app: no application given (expected a class name such as com.example.App or com.example.App::create)");
        }
        int sep = spec.indexOf("::");
        String className = sep < 0 ? spec : spec.substring(0, sep);
        String factory = sep < 0 ? null : spec.substring(sep + 2);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AppLoadException("app " + spec + ": class " + className + " not found on the classpath (check --classpath)", e);
        } catch (LinkageError | RuntimeException e) {
            throw new AppLoadException("app " + spec + ": class " + className + " failed to load: " + e, e);
        }
        Object app = factory == null ? construct(spec, type) : invokeFactory(spec, type, factory);
        if (!(app instanceof App)) {
            String what = app == null ? "null" : app.getClass().getName();
            throw new AppLoadException("app " + spec + ": " + what + " does not implement " + App.class.getName());
        }
        return (App) app;
    }

    private static Object construct(String spec, Class<?> type) throws AppLoadException {
        if (!App.class.isAssignableFrom(type)) {
            throw new AppLoadException("app " + spec + ": class " + type.getName() + " does not implement " + App.class.getName()
                    + " (name a class implementing it, or a static factory as " + type.getName() + "::method)");
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new AppLoadException("app " + spec + ": class " + type.getName() + " is abstract");
        }
        Constructor<?> ctor;
        try {
            ctor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new AppLoadException("app " + spec + ": class " + type.getName() + " has no public no-arg constructor", e);
        }
        try {
            return ctor.newInstance();
        } catch (InvocationTargetException e) {
            throw new AppLoadException("app " + spec + ": constructor of " + type.getName() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new AppLoadException("app " + spec + ": cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private static Object invokeFactory(String spec, Class<?> type, String name) throws AppLoadException {
        Method method;
        try {
            method = type.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new AppLoadException("app " + spec + ": class " + type.getName() + " has no public no-arg method " + name + "()", e);
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new AppLoadException("app " + spec + ": " + type.getName() + "." + name + "() is not static");
        }
        try {
            return method.invoke(null);
        } catch (InvocationTargetException e) {
            throw new AppLoadException("app " + spec + ": factory " + type.getName() + "." + name + "() threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new AppLoadException("app " + spec + ": cannot call " + type.getName() + "." + name + "(): " + e, e);
        }
    }
}
