package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.HttpHandler;
import dev.jgu.spi.AppAdapter;
import dev.jgu.spi.AppEnvironment;
import dev.jgu.spi.Handler;
import java.lang.reflect.Method;

/**
 * Serves {@code com.sun.net.httpserver} apps in jgu workers: an {@link HttpHandler} named as the
 * app (a class or a factory) is served at context {@code /}; a {@code Class::main} runs with
 * jgu's {@link JguHttpServerProvider}, and the contexts of the {@code HttpServer}s it creates
 * are served on jgu's listeners ({@link MainBoot}).
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
    public Handler adapt(Object app, AppEnvironment env) {
        Servers servers = new Servers(env.log());
        JguHttpServer.serving((HttpHandler) app, servers, env.log());
        return new ContextRouter(servers, env.log());
    }

    @Override
    public String acceptsMain() {
        return "a main(String[]) that creates a " + com.sun.net.httpserver.HttpServer.class.getName()
                + " and adds contexts (served on jgu's sockets)";
    }

    @Override
    public Handler runMain(Method main, AppEnvironment env) throws Exception {
        return MainBoot.run(main, env.loader(), env.log());
    }
}
