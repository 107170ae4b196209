package dev.jgu.arbiter.config;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

/** An app for {@code --check-config} to load; it is never asked to serve. */
public final class HelloApp implements App {

    @Override
    public Response handle(Request request) {
        throw new UnsupportedOperationException("only loaded by --check-config tests");
    }
}
