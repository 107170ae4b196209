package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

/** An app whose constructor throws: what a broken deploy looks like (exit 4, no respawn loop). */
public final class Broken implements App {

    public Broken() {
        throw new IllegalStateException("database URL not configured");
    }

    @Override
    public Response handle(Request request) {
        return Response.of(500);
    }
}
