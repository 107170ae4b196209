package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.HttpHandler;
import dev.jgu.spi.AppAdapter;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Log;

/**
 * Serves {@code com.sun.net.httpserver} apps in jgu workers: an {@link HttpHandler} named as the
 * app (a class or a factory) is served at context {@code /}.
 */
public final class JdkHttpAdapter implements AppAdapter {

    /** Found with {@link java.util.ServiceLoader}. */
    public JdkHttpAdapter() {
    }

    @Override
    public String accepts() {
        return "a " + HttpHandler.class.getName() + " (served at context /)";
    }

    @Override
    public boolean serves(Class<?> type) {
        return HttpHandler.class.isAssignableFrom(type);
    }

    @Override
    public Handler adapt(Object app, Log log) {
        Servers servers = new Servers();
        JguHttpServer.serving((HttpHandler) app, servers, log);
        return new ContextRouter(servers, log);
    }
}
