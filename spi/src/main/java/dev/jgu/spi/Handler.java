package dev.jgu.spi;

import java.util.Objects;

/**
 * Answers requests through an {@link Exchange}: for apps that set the head while they run and
 * may flush at any point (the adapters for Servlets and {@code com.sun.net.httpserver}). Every
 * app a worker serves is one, an {@link App} through {@link #of(App)}. Named on the command line
 * as an {@code App} is (a class with a public no-arg constructor, or {@code Class::factory}), a
 * handler is served as it is.
 *
 * <p>A worker may call {@link #handle} from several threads at once (the {@code gthread} and
 * {@code async} classes do), each with its own exchange.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Answers one request. The response ends when this returns: what was written is sent, the
     * head first if it was not yet (with {@code Content-Length} when nothing was flushed).
     *
     * @param exchange the request and its response, valid until this returns
     * @throws Exception any failure: before the head was committed the client gets a 500; after
     *     it, the connection is closed (a chunked body then lacks its last chunk)
     */
    void handle(Exchange exchange) throws Exception;

    /**
     * Serves an {@link App}: its response is sent with {@link Exchange#send(Response)}, as it is.
     *
     * @param app the app
     * @return a handler calling {@code app} once per request
     */
    static Handler of(App app) {
        Objects.requireNonNull(app, "app");
        return exchange -> {
            Response response = app.handle(exchange.request());
            if (response == null) {
                throw new IllegalStateException("app returned null");
            }
            exchange.send(response);
        };
    }
}
