package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.spi.HttpServerProvider;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Log;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an app's {@code main(String[])} in the worker, with jgu's {@link JguHttpServerProvider}
 * installed, and serves the contexts it creates. {@code main} runs on its own daemon thread, as
 * it would on the JVM's main thread: the worker is ready once an {@code HttpServer} was started
 * with a context (a main that then blocks, in {@code join()} or reading stdin, blocks only its
 * thread). It fails to boot (exit 4) when main throws first, returns before that, or after
 * {@link #LIMIT_SECONDS} without either.
 */
final class MainBoot {

    static final int LIMIT_SECONDS = 60;

    private MainBoot() {
    }

    static Handler run(Method main, ClassLoader loader, Log log) throws Exception {
        String name = main.getDeclaringClass().getName() + "." + main.getName() + "(String[])";
        install();
        Servers servers = new Servers(log);
        JguHttpServerProvider.session(servers, log);
        CompletableFuture<Void> returned = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                main.invoke(null, (Object) new String[0]);
                returned.complete(null);
            } catch (InvocationTargetException e) {
                returned.completeExceptionally(e.getCause());
            } catch (Throwable t) {
                returned.completeExceptionally(t);
            }
        }, "app-main");
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        thread.start();
        try {
            CompletableFuture.anyOf(returned, servers.serving()).get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " threw " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " neither started an HttpServer with a context nor returned within "
                    + LIMIT_SECONDS + " s");
        }
        if (!servers.serving().isDone()) {
            throw new IllegalStateException(name + " returned without " + (servers.anyStarted()
                    ? "a context on its started HttpServer (createContext)"
                    : "starting an HttpServer (created " + servers.all().size() + "; HttpServer.start() was never called)"));
        }
        List<String> paths = paths(servers);
        returned.whenComplete((ok, failure) -> {
            if (failure != null) {
                log.error("jdk-http: " + name + " threw after its HttpServer started; the worker serves on", failure);
            }
        });
        log.info("jdk-http: " + name + " started an HttpServer; serving contexts " + paths
                + (returned.isDone() ? " (main returned)" : " (main still runs)"));
        return new ContextRouter(servers, log);
    }

    /** Names jgu's provider in the system property, so HttpServer.create in main makes a JguHttpServer. */
    private static void install() {
        String ours = JguHttpServerProvider.class.getName();
        String set = System.getProperty(JguHttpServerProvider.PROPERTY);
        if (set != null && !set.equals(ours)) {
            throw new IllegalStateException("-D" + JguHttpServerProvider.PROPERTY + "=" + set + " is set: a main's"
                    + " HttpServers must be jgu's (" + ours + ") to be served on its sockets; remove it");
        }
        System.setProperty(JguHttpServerProvider.PROPERTY, ours);
        HttpServerProvider chosen = HttpServerProvider.provider();
        if (!(chosen instanceof JguHttpServerProvider)) {
            throw new IllegalStateException("the JVM chose its HttpServerProvider (" + chosen.getClass().getName()
                    + ") before the app's main ran, so its HttpServers would not be jgu's");
        }
    }

    /** @return the context paths of the started servers */
    private static List<String> paths(Servers servers) {
        List<String> paths = new ArrayList<>();
        for (JguHttpServer server : servers.all()) {
            if (server.started()) {
                server.contexts().forEach(c -> paths.add(c.getPath()));
            }
        }
        return paths;
    }
}
