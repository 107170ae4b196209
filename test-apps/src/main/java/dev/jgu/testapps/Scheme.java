package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import java.util.Map;

/**
 * An app that shows what it was told about the request's origin, for checking a
 * front end such as nginx: one {@code name=value} line each for the URL scheme
 * after the trusted-proxy rules ({@code wsgi.url_scheme}), the Host, the
 * forwarding headers as they arrived, and the peer address (empty on a UNIX socket).
 */
public final class Scheme implements App {

    @Override
    public Response handle(Request request) {
        Map<String, String> environ = request.environ();
        String text = "scheme=" + request.scheme() + "\n"
                + "wsgi.url_scheme=" + environ.getOrDefault("wsgi.url_scheme", "") + "\n"
                + "host=" + environ.getOrDefault("HTTP_HOST", "") + "\n"
                + "x-forwarded-proto=" + environ.getOrDefault("HTTP_X_FORWARDED_PROTO", "") + "\n"
                + "x-forwarded-for=" + environ.getOrDefault("HTTP_X_FORWARDED_FOR", "") + "\n"
                + "remote=" + request.remoteAddress() + "\n";
        return Response.text(200, text);
    }
}
