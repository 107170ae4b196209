package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpHandler;
import dev.jgu.spi.Exchange;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Log;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the contexts of an app's {@link JguHttpServer}s: finds the context for the request
 * URI's path (404 when none), then runs its authenticator, its filters and its handler on a
 * {@link JguHttpExchange}. A handler must send its response before it returns: the JDK lets one
 * finish the exchange later on another thread, jgu answers 500 instead and says why.
 */
final class ContextRouter implements Handler {

    private final Servers servers;
    private final Log log;

    ContextRouter(Servers servers, Log log) {
        this.servers = servers;
        this.log = log;
    }

    @Override
    public void handle(Exchange exchange) throws Exception {
        URI uri;
        try {
            uri = new URI(exchange.request().uri());
        } catch (URISyntaxException e) {
            // The JDK's server refuses such a request line too (jgu's parser lets more through).
            log.info("jdk-http: request target is not a URI, answering 400: " + e.getMessage());
            plain(exchange, 400, "Bad request URI");
            return;
        }
        JguHttpContext context = servers.find(uri.getPath() == null ? "" : uri.getPath());
        if (context == null) {
            plain(exchange, 404, "No context found for request");
            return;
        }
        HttpHandler handler = context.getHandler();
        if (handler == null) {
            log.error("jdk-http: context " + context.getPath() + " has no handler (createContext(path) without"
                    + " setHandler), answering 500: uri=" + uri);
            plain(exchange, 500, "No handler for context");
            return;
        }
        JguHttpExchange jdk = new JguHttpExchange(exchange, context, uri, log);
        List<Filter> chain = new ArrayList<>();
        Authenticator authenticator = context.getAuthenticator();
        if (authenticator != null) {
            chain.add(new AuthFilter(authenticator));
        }
        chain.addAll(context.getFilters());
        new Filter.Chain(chain, handler).doFilter(jdk);
        if (!jdk.headersSent()) {
            throw new IllegalStateException("HttpHandler " + handler.getClass().getName() + " returned without calling"
                    + " sendResponseHeaders (jgu ends an exchange when its handler returns)");
        }
    }

    private static void plain(Exchange exchange, int status, String text) throws java.io.IOException {
        exchange.status(status);
        exchange.headers().set("Content-Type", "text/plain; charset=utf-8");
        try (OutputStream body = exchange.body()) {
            body.write((status + " " + text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
