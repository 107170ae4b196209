package dev.jgu.adapters.servlet.webapp;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The classes of the test web apps, compiled once per test run. {@code com.example.lib} stands
 * for a library in {@code WEB-INF/lib} (Jersey's {@code ResourceConfig}, Spring's initializer
 * interface, an initializer of its own); {@code com.example.app} for the app's {@code
 * WEB-INF/classes}.
 */
final class Fixtures {

    private static Map<String, byte[]> classes;

    private Fixtures() {
    }

    private static final Map<String, String> SOURCES = new LinkedHashMap<>();

    static {
        lib("Initializer", "public interface Initializer { }");
        lib("BaseConfig", "public abstract class BaseConfig implements Initializer { }");
        lib("Marker", """
                import java.lang.annotation.*;
                @Retention(RetentionPolicy.RUNTIME) @Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
                public @interface Marker { }""");
        lib("Unused", "public interface Unused { }");
        lib("LibSci", """
                import jakarta.servlet.*;
                import jakarta.servlet.annotation.HandlesTypes;
                import java.util.Set;
                @HandlesTypes({Initializer.class, Marker.class})
                public class LibSci implements ServletContainerInitializer {
                    public void onStartup(Set<Class<?>> c, ServletContext ctx) { }
                }""");
        lib("PlainSci", """
                public class PlainSci implements jakarta.servlet.ServletContainerInitializer {
                    public void onStartup(java.util.Set<Class<?>> c, jakarta.servlet.ServletContext ctx) { }
                }""");
        lib("UnusedSci", """
                @jakarta.servlet.annotation.HandlesTypes(Unused.class)
                public class UnusedSci implements jakarta.servlet.ServletContainerInitializer {
                    public void onStartup(java.util.Set<Class<?>> c, jakarta.servlet.ServletContext ctx) { }
                }""");
        lib("LibServlet", """
                @jakarta.servlet.annotation.WebServlet("/lib")
                public class LibServlet extends jakarta.servlet.http.HttpServlet { }""");
        lib("Gone", "public class Gone { }");
        app("AppConfig", "public class AppConfig extends com.example.lib.BaseConfig { }");
        app("DirectInit", "class DirectInit implements com.example.lib.Initializer { }");
        app("SubInterface", "public interface SubInterface extends com.example.lib.Initializer { }");
        app("MarkedType", "@com.example.lib.Marker public class MarkedType { }");
        app("MarkedMethod", "public class MarkedMethod { @com.example.lib.Marker void run() { } }");
        app("MarkedField", "public class MarkedField { @com.example.lib.Marker private int count; }");
        app("Broken", "public class Broken extends com.example.lib.Gone implements com.example.lib.Initializer { }");
        app("ServletSci", """
                @jakarta.servlet.annotation.HandlesTypes(jakarta.servlet.Servlet.class)
                public class ServletSci implements jakarta.servlet.ServletContainerInitializer {
                    public void onStartup(java.util.Set<Class<?>> c, jakarta.servlet.ServletContext ctx) { }
                }""");
        app("BrokenSci", """
                public class BrokenSci implements jakarta.servlet.ServletContainerInitializer {
                    public BrokenSci() { throw new IllegalStateException("no database"); }
                    public void onStartup(java.util.Set<Class<?>> c, jakarta.servlet.ServletContext ctx) { }
                }""");
        app("HelloServlet", """
                import jakarta.servlet.annotation.*;
                @WebServlet(name = "hello", urlPatterns = {"/hello", "/hi"}, loadOnStartup = 2, asyncSupported = true,
                        initParams = {@WebInitParam(name = "a", value = "1"), @WebInitParam(name = "b", value = "2")})
                @MultipartConfig(location = "/tmp/up", maxFileSize = 100, maxRequestSize = 200, fileSizeThreshold = 10)
                public class HelloServlet extends jakarta.servlet.http.HttpServlet { }""");
        app("DefaultNamedServlet", """
                @jakarta.servlet.annotation.WebServlet("/default")
                public class DefaultNamedServlet extends jakarta.servlet.http.HttpServlet { }""");
        app("AuditFilter", """
                import jakarta.servlet.*;
                import jakarta.servlet.annotation.*;
                @WebFilter(urlPatterns = "/*", servletNames = "hello", asyncSupported = true,
                        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR},
                        initParams = @WebInitParam(name = "level", value = "all"))
                public class AuditFilter implements Filter {
                    public void doFilter(ServletRequest q, ServletResponse r, FilterChain c) { }
                }""");
        app("NamedFilter", """
                @jakarta.servlet.annotation.WebFilter(filterName = "named", value = "/named/*")
                public class NamedFilter implements jakarta.servlet.Filter {
                    public void doFilter(jakarta.servlet.ServletRequest q, jakarta.servlet.ServletResponse r,
                            jakarta.servlet.FilterChain c) { }
                }""");
        app("AppListener", """
                @jakarta.servlet.annotation.WebListener
                public class AppListener implements jakarta.servlet.ServletContextListener { }""");
        SOURCES.put("com.example.shared.Greeting", "package com.example.shared;\n"
                + "public class Greeting { public static String text() { return \"from webapp\"; } }");
        SOURCES.put("javax.inject.Named", "package javax.inject;\npublic @interface Named { }");
    }

    private static void lib(String name, String body) {
        SOURCES.put("com.example.lib." + name, "package com.example.lib;\n" + body);
    }

    private static void app(String name, String body) {
        SOURCES.put("com.example.app." + name, "package com.example.app;\n" + body);
    }

    /** @return every fixture class file, by path ({@code com/example/app/AppConfig.class}) */
    static synchronized Map<String, byte[]> classes() {
        if (classes == null) {
            classes = TestApps.compile(SOURCES);
        }
        return classes;
    }

    /** @return the class files under a package directory, keyed as {@code into + path} */
    static Map<String, byte[]> pkg(String dir, String into) {
        return TestApps.select(classes(), dir, into);
    }

    /** Writes the library jar: {@code com.example.lib} plus the LibSci, PlainSci and UnusedSci services. */
    static Path libJar(Path file, String... extraTextEntries) {
        Map<String, byte[]> entries = pkg("com/example/lib/", "");
        entries.remove("com/example/lib/Gone.class");
        entries.putAll(TestApps.text("META-INF/services/jakarta.servlet.ServletContainerInitializer",
                "# the library's initializers\ncom.example.lib.LibSci\ncom.example.lib.PlainSci  # plain\n"
                        + "com.example.lib.UnusedSci\n"));
        entries.putAll(TestApps.text(extraTextEntries));
        return TestApps.zip(file, entries);
    }

    /** Writes an exploded web app with {@code com.example.app} in WEB-INF/classes and the library jar. */
    static Path exploded(Path root) {
        TestApps.write(root, pkg("com/example/app/", "WEB-INF/classes/"));
        TestApps.write(root, TestApps.text("WEB-INF/classes/META-INF/services/jakarta.servlet.ServletContainerInitializer",
                "com.example.app.ServletSci\n"));
        libJar(root.resolve("WEB-INF/lib/lib.jar"));
        return root;
    }
}
