package dev.jgu.protocol;

import dev.jgu.spi.App;
import dev.jgu.spi.AppAdapter;
import dev.jgu.spi.AppEnvironment;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Settings;

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
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads the app named on the command line: {@code com.example.App} (a public
 * no-arg constructor), {@code com.example.App::create} (a public static
 * factory taking no arguments) or {@code com.example.Main::main} (a program an
 * {@link AppAdapter} runs). What the class is decides how it is served: an
 * {@link App}, a {@link Handler} (an app that sets its head while it runs), or
 * what an adapter accepts. Used by every worker, and by the
 * arbiter for {@code --preload} and {@code --check-config}.
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
     * What an {@code APP} name was resolved to.
     *
     * @param handler what the worker classes serve
     * @param app the app when it is an {@link App}, else null (an adapter serves it)
     */
    public record Loaded(Handler handler, App app) {
    }

    /**
     * Loads and constructs the app, logging what adapters say on stderr, with no settings.
     *
     * @param spec {@code com.example.App}, {@code com.example.App::create}, {@code com.example.Main::main} or a path
     * @param loader where to find the class
     * @return the app
     * @throws AppLoadException naming the class and the cause
     */
    public static Loaded load(String spec, ClassLoader loader) throws AppLoadException {
        return load(spec, loader, NO_SETTINGS);
    }

    /**
     * Loads and constructs the app as a worker would, logging on stderr: for the arbiter's
     * {@code --preload} and {@code --check-config}.
     *
     * @param spec as for {@link #load(String, AppEnvironment)}
     * @param loader where to find the class
     * @param settings the resolved settings (the web app settings, {@code worker_tmp_dir})
     * @return the app
     * @throws AppLoadException naming the class and the cause
     */
    public static Loaded load(String spec, ClassLoader loader, Settings settings) throws AppLoadException {
        return load(spec, new AppEnvironment(ErrorLog.processLog(), settings, loader,
                TmpDir.base(settings.get(dev.jgu.protocol.settings.MechanicsSettings.WORKER_TMP_DIR.name()))));
    }

    private static final Settings NO_SETTINGS = new Settings() {
        @Override
        public String get(String name) {
            return null;
        }

        @Override
        public java.util.Set<String> names() {
            return java.util.Set.of();
        }
    };

    /**
     * Whether an {@code APP} names a path (a WAR or a directory) rather than a class: it holds a
     * {@code /} or ends in {@code .war}.
     *
     * @param spec the {@code app} setting
     * @return true for a path
     */
    public static boolean isPath(String spec) {
        return spec.indexOf('/') >= 0 || spec.regionMatches(true, spec.length() - 4, ".war", 0, 4);
    }

    /**
     * Loads and constructs the app: by what the named class is, an {@link App}, a class an
     * {@link AppAdapter} serves, or a {@code main} an adapter runs; or a path an adapter serves.
     *
     * @param spec {@code com.example.App}, {@code com.example.App::create}, {@code com.example.Main::main} or a path
     * @param env the log, settings and class loader the adapters are given
     * @return the app
     * @throws AppLoadException naming the class and the cause
     */
    public static Loaded load(String spec, AppEnvironment env) throws AppLoadException {
        if (spec == null || spec.isBlank()) {
            throw new AppLoadException("app: no application given (expected a class name such as com.example.App or com.example.App::create)");
        }
        ClassLoader loader = env.loader();
        if (isPath(spec)) {
            return loadPath(spec, adapters(spec, loader), env);
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
        List<AppAdapter> adapters = adapters(spec, loader);
        if (factory == null) {
            if (!App.class.isAssignableFrom(type) && !Handler.class.isAssignableFrom(type)
                    && adapters.stream().noneMatch(a -> a.serves(type))) {
                throw new AppLoadException("app " + spec + ": class " + type.getName() + " does not implement " + App.class.getName()
                        + " (name a class implementing it, or a static factory as " + type.getName() + "::method); "
                        + accepted(adapters));
            }
            return adapt(spec, construct(spec, type), adapters, env);
        }
        Method main = mainMethod(type, factory);
        if (main != null) {
            return runMain(spec, main, adapters, env);
        }
        return adapt(spec, invokeFactory(spec, type, factory), adapters, env);
    }

    private static Loaded loadPath(String spec, List<AppAdapter> adapters, AppEnvironment env) throws AppLoadException {
        Path path = Path.of(spec).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new AppLoadException("app " + spec + ": " + path + " does not exist (expected a .war file or a directory holding WEB-INF/)");
        }
        for (AppAdapter adapter : adapters) {
            if (adapter.acceptsPath() != null && adapter.servesPath(path)) {
                try {
                    return new Loaded(java.util.Objects.requireNonNull(adapter.adaptPath(path, env), "adapter returned null"), null);
                } catch (Exception e) {
                    throw new AppLoadException("app " + spec + ": " + e.getMessage(), e);
                }
            }
        }
        throw new AppLoadException("app " + spec + ": no adapter on the classpath serves " + path + "; " + accepted(adapters));
    }

    private static List<AppAdapter> adapters(String spec, ClassLoader loader) throws AppLoadException {
        List<AppAdapter> adapters = new ArrayList<>();
        try {
            ServiceLoader.load(AppAdapter.class, loader).forEach(adapters::add);
        } catch (ServiceConfigurationError e) {
            throw new AppLoadException("app " + spec + ": an app adapter on the classpath cannot be loaded: " + e.getMessage(), e);
        }
        return adapters;
    }

    /** @return the message part listing what jgu accepts as an app */
    static String accepted(List<AppAdapter> adapters) {
        StringBuilder kinds = new StringBuilder("a " + App.class.getName() + ", a " + Handler.class.getName());
        for (AppAdapter adapter : adapters) {
            kinds.append(", ").append(adapter.accepts());
        }
        StringBuilder text = new StringBuilder("jgu accepts, as a class with a public no-arg constructor or a static factory"
                + " Class::method: " + kinds);
        for (AppAdapter adapter : adapters) {
            if (adapter.acceptsMain() != null) {
                text.append("; as Class::main: ").append(adapter.acceptsMain());
                break;
            }
        }
        for (AppAdapter adapter : adapters) {
            if (adapter.acceptsPath() != null) {
                text.append("; as a path: ").append(adapter.acceptsPath());
            }
        }
        return text.toString();
    }

    private static Loaded adapt(String spec, Object app, List<AppAdapter> adapters, AppEnvironment env) throws AppLoadException {
        if (app instanceof App served) {
            return new Loaded(Handler.of(served), served);
        }
        if (app instanceof Handler handler) {
            return new Loaded(handler, null);
        }
        for (AppAdapter adapter : app == null ? List.<AppAdapter>of() : adapters) {
            if (adapter.serves(app.getClass())) {
                try {
                    return new Loaded(java.util.Objects.requireNonNull(adapter.adapt(app, env), "adapter returned null"), null);
                } catch (Exception e) {
                    throw new AppLoadException("app " + spec + ": " + adapter.accepts() + " cannot be served: " + e.getMessage(), e);
                }
            }
        }
        String what = app == null ? "null" : app.getClass().getName();
        throw new AppLoadException("app " + spec + ": " + what + " does not implement " + App.class.getName() + "; "
                + accepted(adapters));
    }

    /** @return the public static {@code name(String[])} when {@code name} is not a no-arg factory, else null */
    private static Method mainMethod(Class<?> type, String name) {
        try {
            type.getMethod(name);
            return null;
        } catch (NoSuchMethodException e) {
            try {
                return type.getMethod(name, String[].class);
            } catch (NoSuchMethodException none) {
                return null;
            }
        }
    }

    private static Loaded runMain(String spec, Method main, List<AppAdapter> adapters, AppEnvironment env)
            throws AppLoadException {
        String name = main.getDeclaringClass().getName() + "." + main.getName() + "(String[])";
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new AppLoadException("app " + spec + ": " + name + " is not static");
        }
        for (AppAdapter adapter : adapters) {
            if (adapter.acceptsMain() != null) {
                try {
                    return new Loaded(java.util.Objects.requireNonNull(adapter.runMain(main, env), "adapter returned null"), null);
                } catch (Exception e) {
                    throw new AppLoadException("app " + spec + ": " + e.getMessage(), e);
                }
            }
        }
        throw new AppLoadException("app " + spec + ": " + name + " is a program's entry point, and no adapter on the"
                + " classpath runs one; " + accepted(adapters));
    }

    private static Object construct(String spec, Class<?> type) throws AppLoadException {
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
