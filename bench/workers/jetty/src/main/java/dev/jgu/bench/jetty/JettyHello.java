package dev.jgu.bench.jetty;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty 12's core API with one handler answering what {@code dev.jgu.examples.Hello}
 * answers, byte for byte up to the order of the fields: 200, {@code Server: jgu},
 * {@code Date}, {@code Content-Type: text/plain}, {@code Content-Length: 14},
 * {@code Hello, world!\n}. Prints {@code listening: port=N} once started.
 *
 * <p>By default the handler is {@code Handler.Abstract.NonBlocking}: it promises never to
 * block, so Jetty runs it on the thread that read the request. With {@code blocking} it is
 * a plain {@code Handler.Abstract}, which may block (as a jgu app may), and Jetty keeps its
 * selector free while it runs.
 *
 * <p>Usage: {@code java -cp ... dev.jgu.bench.jetty.JettyHello HOST PORT [blocking]}
 */
public final class JettyHello {

    private static final byte[] BODY = "Hello, world!\n".getBytes(StandardCharsets.US_ASCII);

    private JettyHello() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(args.length > 0 ? args[0] : "127.0.0.1");
        connector.setPort(args.length > 1 ? Integer.parseInt(args[1]) : 0);
        server.addConnector(connector);
        boolean blocking = args.length > 2 && args[2].equals("blocking");
        server.setHandler(blocking ? new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return hello(response, callback);
            }
        } : new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return hello(response, callback);
            }
        });
        server.start();
        System.out.println("listening: port=" + connector.getLocalPort());
        server.join();
    }

    private static boolean hello(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.SERVER, "jgu");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
        response.write(true, ByteBuffer.wrap(BODY), callback);
        return true;
    }
}
