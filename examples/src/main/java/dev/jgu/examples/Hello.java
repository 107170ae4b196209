package dev.jgu.examples;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

/** The README's first app: {@code ./jgu -b 127.0.0.1:8000 dev.jgu.examples.Hello}. */
public final class Hello implements App {

    private static final byte[] BODY = "Hello, world!\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public Response handle(Request request) {
        return Response.of(200).header("Content-Type", "text/plain").body(BODY);
    }
}
