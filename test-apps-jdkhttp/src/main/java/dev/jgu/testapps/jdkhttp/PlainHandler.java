package dev.jgu.testapps.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A hand-written {@link HttpHandler} exercising {@code HttpExchange}'s rules: a chunked body
 * ({@code sendResponseHeaders(200, 0)}), no body ({@code (204, -1)}), an echo with a fixed
 * length, and a handler that tries to change its head after writing the body, which must fail.
 */
public final class PlainHandler implements HttpHandler {

    @Override
    public void handle(HttpExchange ex) throws IOException {
        switch (ex.getRequestURI().getPath()) {
            case "/chunked" -> chunked(ex);
            case "/nobody" -> ex.sendResponseHeaders(204, -1);
            case "/echo" -> echo(ex);
            case "/late" -> late(ex);
            default -> text(ex, 404, "no route for " + ex.getRequestURI().getPath() + "\n");
        }
        ex.close();
    }

    private static void chunked(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        OutputStream body = ex.getResponseBody();
        body.write("part 1\n".getBytes(StandardCharsets.UTF_8));
        body.flush();
        body.write("part 2\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void echo(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        ex.getResponseHeaders().set("Content-Type", type == null ? "application/octet-stream" : type);
        ex.getResponseHeaders().set("X-Method", ex.getRequestMethod());
        ex.sendResponseHeaders(200, in.length == 0 ? -1 : in.length);
        ex.getResponseBody().write(in);
    }

    private static void late(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 0);
        OutputStream body = ex.getResponseBody();
        body.write("body written\n".getBytes(StandardCharsets.UTF_8));
        try {
            ex.getResponseHeaders().set("X-Late", "too late");
            body.write("header accepted\n".getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException refused) {
            body.write(("header refused: " + refused.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try {
            ex.sendResponseHeaders(500, -1);
            body.write("second head accepted\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException refused) {
            body.write(("second head refused: " + refused.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void text(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }
}
