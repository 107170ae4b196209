package dev.jgu.spi;

import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Serves apps written against another interface than {@link App}: a jar that holds one names
 * it in {@code META-INF/services/dev.jgu.spi.AppAdapter} (found with {@link
 * java.util.ServiceLoader} on jgu's and the app's class path).
 *
 * <p>jgu resolves the {@code APP} name by what the named class is. {@code com.example.Foo} is
 * constructed (public no-arg constructor) when it is an {@link App}, a {@link Handler} or a
 * class an adapter {@link #serves}; {@code com.example.Foo::create} calls a public static no-arg
 * factory and looks at what it returned the same way: an {@code App} first, then a {@code
 * Handler}, then each adapter in class-path order. {@code com.example.Main::main}, naming a public
 * static method that takes {@code String[]}, is given to the first adapter that runs mains
 * ({@link #acceptsMain()}). A path (a name that holds a {@code /} or ends in {@code .war}) is given
 * to the first adapter that {@link #servesPath serves} it. A name that nothing accepts ends the
 * worker with exit 4 and a message listing what is accepted.
 */
public interface AppAdapter {

    /**
     * What this adapter serves, for the message listing what jgu accepts.
     *
     * @return e.g. {@code a com.sun.net.httpserver.HttpHandler}
     */
    String accepts();

    /**
     * Whether instances of this class are apps this adapter serves.
     *
     * @param type the named class, or the class of what a factory returned
     * @return true to have it constructed (or taken from the factory) and {@link #adapt}ed
     */
    boolean serves(Class<?> type);

    /**
     * Makes a handler of an app.
     *
     * @param app an instance of a class {@link #serves} accepted
     * @param env the worker's log, settings and class loader
     * @return the handler the worker classes serve; when it is also {@link AutoCloseable}, the
     *     worker closes it once it stopped serving (a graceful stop ends the app)
     * @throws Exception when the app cannot be served; its message ends the worker with exit 4
     */
    Handler adapt(Object app, AppEnvironment env) throws Exception;

    /**
     * What kind of {@code main} this adapter runs, for the message listing what jgu accepts.
     *
     * @return e.g. {@code a main(String[]) that creates an HttpServer}, or null when it runs
     *     none (the default)
     */
    default String acceptsMain() {
        return null;
    }

    /**
     * Runs an app's {@code main} and serves what it set up; called only when {@link
     * #acceptsMain()} is not null. Returns once the app is ready to serve.
     *
     * @param main a public static method taking {@code String[]}
     * @param env the worker's log and settings, and the app's class loader
     * @return the handler the worker classes serve
     * @throws Exception when main failed or set up nothing to serve; its message ends the
     *     worker with exit 4
     */
    default Handler runMain(Method main, AppEnvironment env) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " runs no main");
    }

    /**
     * What kind of path this adapter serves, for the message listing what jgu accepts.
     *
     * @return e.g. {@code a .war file or a directory holding WEB-INF/}, or null when it serves
     *     none (the default)
     */
    default String acceptsPath() {
        return null;
    }

    /**
     * Whether this adapter serves the app at this path.
     *
     * @param path an absolute path that exists
     * @return true to have it {@link #adaptPath adapted}
     */
    default boolean servesPath(Path path) {
        return false;
    }

    /**
     * Makes a handler of the app at a path.
     *
     * @param path a path {@link #servesPath} accepted
     * @param env the worker's log and settings; its loader is the parent of the app's own
     * @return the handler the worker classes serve (closed as for {@link #adapt})
     * @throws Exception when the app cannot be served; its message ends the worker with exit 4
     */
    default Handler adaptPath(Path path, AppEnvironment env) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " serves no path");
    }
}
