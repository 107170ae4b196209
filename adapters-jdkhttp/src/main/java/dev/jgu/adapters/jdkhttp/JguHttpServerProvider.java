package dev.jgu.adapters.jdkhttp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import dev.jgu.spi.Log;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The {@link HttpServerProvider} a worker JVM uses while it runs an app's {@code main}
 * ({@link MainBoot} names it in {@code -Dcom.sun.net.httpserver.HttpServerProvider}): {@code
 * HttpServer.create(...)} returns a {@link JguHttpServer}, whose contexts the worker serves on
 * jgu's listeners. It is installed for a {@code Class::main} app only, so an App that opens an
 * HttpServer of its own (an admin or metrics port) keeps the JDK's.
 */
public final class JguHttpServerProvider extends HttpServerProvider {

    static final String PROPERTY = "com.sun.net.httpserver.HttpServerProvider";

    /** The servers of the main this JVM runs, and the log they report to; null before one runs. */
    private static volatile Session session;

    record Session(Servers servers, Log log) {
    }

    /** Made by {@link HttpServerProvider#provider()} from the system property. */
    public JguHttpServerProvider() {
    }

    static void session(Servers servers, Log log) {
        session = new Session(servers, log);
    }

    @Override
    public HttpServer createHttpServer(InetSocketAddress addr, int backlog) throws IOException {
        Session current = session;
        if (current == null) {
            throw new UnsupportedOperationException(getClass().getName() + " serves the HttpServers of an app named as"
                    + " Class::main, and this JVM runs none");
        }
        JguHttpServer server = new JguHttpServer(current.servers(), current.log());
        if (addr != null) {
            server.bind(addr, backlog);
        }
        return server;
    }

    @Override
    public HttpsServer createHttpsServer(InetSocketAddress addr, int backlog) {
        throw new UnsupportedOperationException("HttpsServer is not supported: jgu speaks plain HTTP on its sockets;"
                + " terminate TLS in a proxy in front of it (nginx) and create an HttpServer");
    }
}
