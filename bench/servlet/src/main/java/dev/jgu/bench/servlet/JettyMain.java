package dev.jgu.bench.servlet;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Serves one WAR at "/" on Jetty 12 (ee10), as a stock Jetty deployment would: defaults for the
 * thread pool and the connector, web.xml-less apps started by their initializers.
 *
 * <pre>JettyMain WAR PORT [HOST]</pre>
 *
 * PORT 0 picks a free one. Prints {@code ready PORT} once serving; SIGTERM stops the app
 * (its {@code contextDestroyed}) and the server.
 */
public final class JettyMain {

    private JettyMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: JettyMain WAR PORT [HOST]  (HOST defaults to 127.0.0.1)");
            System.exit(2);
        }
        Path war = Path.of(args[0]).toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            System.err.println("war: no such file, got " + war);
            System.exit(2);
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(args.length == 3 ? args[2] : "127.0.0.1");
        connector.setPort(Integer.parseInt(args[1]));
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        // Not among the defaults: without it no ServletContainerInitializer sees its @HandlesTypes classes.
        webapp.addConfiguration(new AnnotationConfiguration());
        // An app that fails to start must fail the server, not leave it answering 503.
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);

        server.setStopAtShutdown(true);
        server.start();
        System.out.println("ready " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
