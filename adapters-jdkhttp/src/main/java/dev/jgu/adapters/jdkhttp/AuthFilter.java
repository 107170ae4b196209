package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Runs a context's {@link Authenticator} before its filters and handler, as the JDK's server
 * does: a success sets the principal and goes on; a retry or a failure answers with its code
 * (and the headers the authenticator set, e.g. {@code WWW-Authenticate}) and no body.
 */
final class AuthFilter extends Filter {

    private final Authenticator authenticator;

    AuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Authenticator.Result result = authenticator.authenticate(exchange);
        if (result instanceof Authenticator.Success success) {
            if (exchange instanceof JguHttpExchange own) {
                own.principal(success.getPrincipal());
            }
            chain.doFilter(exchange);
        } else if (result instanceof Authenticator.Retry retry) {
            exchange.sendResponseHeaders(retry.getResponseCode(), -1);
            exchange.close();
        } else if (result instanceof Authenticator.Failure failure) {
            exchange.sendResponseHeaders(failure.getResponseCode(), -1);
            exchange.close();
        } else {
            throw new IllegalStateException("authenticator " + authenticator.getClass().getName() + " returned " + result);
        }
    }

    @Override
    public String description() {
        return "the context's authenticator";
    }
}
