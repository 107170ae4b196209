package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.jgu.spi.Log;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * An {@link HttpServer} whose contexts jgu serves on its own listeners: {@code bind} and
 * {@code start} open no socket (they log what the app asked for), the executor is kept but
 * never used (handlers run on the worker class's threads), and {@code stop} is logged and does
 * nothing (the arbiter decides when a worker stops). Contexts are matched as the JDK does:
 * the longest context path that is a prefix of the request URI's path, compared literally.
 */
final class JguHttpServer extends HttpServer {

    private final Servers servers;
    private final Log log;
    private final List<JguHttpContext> contexts = new CopyOnWriteArrayList<>();
    private volatile InetSocketAddress address;
    private volatile boolean bound;
    private volatile boolean started;
    private volatile Executor executor;

    JguHttpServer(Servers servers, Log log) {
        this.servers = servers;
        this.log = log;
        servers.add(this);
    }

    /** A started server with one context, {@code /}, for an {@code HttpHandler} named as the app. */
    static JguHttpServer serving(HttpHandler handler, Servers servers, Log log) {
        JguHttpServer server = new JguHttpServer(servers, log);
        server.createContext("/", handler);
        server.bound = true;
        server.started = true;
        servers.changed();
        return server;
    }

    @Override
    public void bind(InetSocketAddress addr, int backlog) throws BindException {
        Objects.requireNonNull(addr, "address");
        if (bound) {
            throw new BindException("HttpServer already bound");
        }
        bound = true;
        address = addr;
        log.info("jdk-http: HttpServer.bind(" + addr + ") opens no socket: jgu serves its contexts on its own listeners");
    }

    @Override
    public void start() {
        if (!bound || started) {
            throw new IllegalStateException("server in wrong state: " + (started ? "already started" : "not bound"));
        }
        started = true;
        log.info("jdk-http: HttpServer.start(): serving contexts " + contexts + " (asked for " + address + ") on jgu's listeners");
        servers.changed();
    }

    boolean started() {
        return started;
    }

    @Override
    public void setExecutor(Executor e) {
        if (started) {
            throw new IllegalStateException("server already started");
        }
        executor = e;
        if (e != null) {
            log.info("jdk-http: HttpServer.setExecutor(" + e.getClass().getName() + ") is kept but not used: handlers"
                    + " run on the worker class's threads (-k sync, gthread, async)");
        }
    }

    @Override
    public Executor getExecutor() {
        return executor;
    }

    @Override
    public void stop(int delay) {
        if (delay < 0) {
            throw new IllegalArgumentException("negative delay parameter");
        }
        if (shuttingDown()) {
            // A shutdown hook of the app's (Jersey's examples add one): the worker is exiting anyway.
            log.info("jdk-http: HttpServer.stop(" + delay + ") as the worker exits: nothing to do, jgu closes its listeners");
        } else {
            log.warn("jdk-http: HttpServer.stop(" + delay + ") ignored: the worker serves until the arbiter stops it"
                    + " (TERM to jgu)");
        }
    }

    /** Whether the JVM runs its shutdown hooks: it refuses a new one then (Runtime.addShutdownHook). */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return addContext(path, handler);
    }

    @Override
    public HttpContext createContext(String path) {
        return addContext(path, null);
    }

    private synchronized HttpContext addContext(String path, HttpHandler handler) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new IllegalArgumentException("Illegal value for path: " + path + " (it must begin with /)");
        }
        for (JguHttpContext c : contexts) {
            if (c.getPath().equals(path)) {
                throw new IllegalArgumentException("a context already exists for path " + path);
            }
        }
        JguHttpContext context = new JguHttpContext(path, handler, this);
        contexts.add(context);
        servers.changed();
        return context;
    }

    @Override
    public synchronized void removeContext(String path) {
        Objects.requireNonNull(path, "path");
        if (!contexts.removeIf(c -> c.getPath().equals(path))) {
            throw new IllegalArgumentException("no context for path " + path);
        }
    }

    @Override
    public synchronized void removeContext(HttpContext context) {
        if (!(context instanceof JguHttpContext) || !contexts.remove(context)) {
            throw new IllegalArgumentException("no such context in this server: " + context);
        }
    }

    @Override
    public InetSocketAddress getAddress() {
        return address;
    }

    List<JguHttpContext> contexts() {
        return contexts;
    }

    /** @return the context whose path is the longest prefix of {@code path}, or null */
    JguHttpContext find(String path) {
        JguHttpContext found = null;
        for (JguHttpContext c : contexts) {
            if (path.startsWith(c.getPath()) && (found == null || c.getPath().length() > found.getPath().length())) {
                found = c;
            }
        }
        return found;
    }
}
