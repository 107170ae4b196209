package dev.jgu.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.App;
import dev.jgu.spi.AppAdapter;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Log;
import dev.jgu.spi.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** APP names are resolved by what the class is: App, then an adapter's kind, then a main an adapter runs. */
class AppLoaderTest {

    private static final ClassLoader LOADER = AppLoaderTest.class.getClassLoader();

    public static final class Hello implements App {
        @Override
        public Response handle(dev.jgu.spi.Request request) {
            return Response.text(200, "hello");
        }
    }

    public static final class Greeting implements Supplier<String> {
        @Override
        public String get() {
            return "greeting";
        }
    }

    public static final class Factories {
        public static Supplier<String> supplier() {
            return () -> "from a factory";
        }

        public static Object nothing() {
            return null;
        }

        public static void main(String[] args) {
            mainRan = args.length == 0;
        }

        static volatile boolean mainRan;
    }

    /** The adapter the test registers in META-INF/services: it serves Suppliers, and runs mains. */
    public static final class SupplierAdapter implements AppAdapter {
        static final Handler MAIN_HANDLER = exchange -> exchange.send(Response.text(200, "main"));

        @Override
        public String accepts() {
            return "a java.util.function.Supplier (test)";
        }

        @Override
        public boolean serves(Class<?> type) {
            return Supplier.class.isAssignableFrom(type);
        }

        @Override
        public Handler adapt(Object app, dev.jgu.spi.AppEnvironment env) {
            Supplier<?> supplier = (Supplier<?>) app;
            return exchange -> exchange.send(Response.text(200, String.valueOf(supplier.get())));
        }

        @Override
        public String acceptsMain() {
            return "a main(String[]) (test)";
        }

        @Override
        public Handler runMain(Method main, dev.jgu.spi.AppEnvironment env) throws Exception {
            main.invoke(null, (Object) new String[0]);
            return MAIN_HANDLER;
        }

        @Override
        public String acceptsPath() {
            return "a .site directory (test)";
        }

        @Override
        public boolean servesPath(java.nio.file.Path path) {
            return path.getFileName().toString().endsWith(".site");
        }

        @Override
        public Handler adaptPath(java.nio.file.Path path, dev.jgu.spi.AppEnvironment env) {
            return exchange -> exchange.send(Response.text(200, path.getFileName().toString()));
        }
    }

    @Test
    void aNameWithASlashOrEndingInWarIsAPath() {
        assertTrue(AppLoader.isPath("./shop"));
        assertTrue(AppLoader.isPath("/srv/shop.war"));
        assertTrue(AppLoader.isPath("shop.WAR"));
        assertFalse(AppLoader.isPath("com.example.Shop"));
        assertFalse(AppLoader.isPath("com.example.Shop::create"));
    }

    @Test
    void aPathIsGivenToTheAdapterThatServesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path site = java.nio.file.Files.createDirectory(dir.resolve("shop.site"));
        assertNotNull(AppLoader.load(site.toString(), LOADER).handler());
        AppLoadException missing = assertThrows(AppLoadException.class, () -> AppLoader.load(dir.resolve("gone.war").toString(), LOADER));
        assertTrue(missing.getMessage().contains("does not exist (expected a .war file or a directory holding WEB-INF/)"), missing.getMessage());
        java.nio.file.Path other = java.nio.file.Files.createDirectory(dir.resolve("other"));
        AppLoadException unserved = assertThrows(AppLoadException.class, () -> AppLoader.load(other.toString(), LOADER));
        assertTrue(unserved.getMessage().contains("no adapter on the classpath serves " + other), unserved.getMessage());
        assertTrue(unserved.getMessage().contains("; as a path: a .site directory (test)"), unserved.getMessage());
    }

    @Test
    void anAppIsServedThroughHandlerOfAndKeptAsTheApp() throws Exception {
        AppLoader.Loaded loaded = AppLoader.load(Hello.class.getName(), LOADER);
        assertTrue(loaded.app() instanceof Hello);
        assertNotNull(loaded.handler());
    }

    public static final class Streaming implements Handler {
        @Override
        public void handle(dev.jgu.spi.Exchange exchange) throws java.io.IOException {
            exchange.body().write('x');
        }
    }

    @Test
    void aHandlerIsServedAsItIs() throws Exception {
        AppLoader.Loaded loaded = AppLoader.load(Streaming.class.getName(), LOADER);
        assertTrue(loaded.handler() instanceof Streaming);
        assertNull(loaded.app());
    }

    @Test
    void aClassAnAdapterServesIsConstructedAndAdapted() throws Exception {
        AppLoader.Loaded loaded = AppLoader.load(Greeting.class.getName(), LOADER);
        assertNull(loaded.app(), "not an App");
        assertNotNull(loaded.handler());
    }

    @Test
    void aFactorysResultIsOfferedToTheAdapters() throws Exception {
        assertNull(AppLoader.load(Factories.class.getName() + "::supplier", LOADER).app());
        AppLoadException none = assertThrows(AppLoadException.class,
                () -> AppLoader.load(Factories.class.getName() + "::nothing", LOADER));
        assertTrue(none.getMessage().contains("null does not implement dev.jgu.spi.App"), none.getMessage());
    }

    @Test
    void classMainGoesToTheAdapterThatRunsMains() throws Exception {
        AppLoader.Loaded loaded = AppLoader.load(Factories.class.getName() + "::main", LOADER);
        assertTrue(Factories.mainRan, "main ran with no arguments");
        assertSame(SupplierAdapter.MAIN_HANDLER, loaded.handler());
    }

    @Test
    void aNameNothingAcceptsListsWhatIsAccepted() {
        AppLoadException e = assertThrows(AppLoadException.class, () -> AppLoader.load("java.lang.String", LOADER));
        String message = e.getMessage();
        assertTrue(message.startsWith("app java.lang.String: class java.lang.String does not implement dev.jgu.spi.App"),
                message);
        assertTrue(message.contains("jgu accepts, as a class with a public no-arg constructor or a static factory"
                + " Class::method: a dev.jgu.spi.App, a dev.jgu.spi.Handler, a java.util.function.Supplier (test); as"
                + " Class::main: a main(String[])"
                + " (test)"), message);
    }

    @Test
    void withoutAdaptersOnlyAnAppIsAccepted() {
        assertEquals("jgu accepts, as a class with a public no-arg constructor or a static factory Class::method:"
                + " a dev.jgu.spi.App, a dev.jgu.spi.Handler", AppLoader.accepted(List.of()));
    }

    @Test
    void aMissingFactoryIsNamed() {
        AppLoadException e = assertThrows(AppLoadException.class,
                () -> AppLoader.load(Factories.class.getName() + "::absent", LOADER));
        assertTrue(e.getMessage().contains("has no public no-arg method absent()"), e.getMessage());
    }
}
