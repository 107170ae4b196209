package dev.jgu.bench.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Serves one WAR at "/" on embedded Tomcat 11 ({@code addWebapp("", war)}), with Tomcat's
 * defaults for the connector and its thread pool.
 *
 * <pre>TomcatMain WAR PORT [HOST]</pre>
 *
 * PORT 0 picks a free one. Prints {@code ready PORT} once serving; SIGTERM stops the app (its
 * {@code contextDestroyed}) and the server, then removes Tomcat's temporary base directory.
 */
public final class TomcatMain {

    private TomcatMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: TomcatMain WAR PORT [HOST]  (HOST defaults to 127.0.0.1)");
            System.exit(2);
        }
        Path war = Path.of(args[0]).toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            System.err.println("war: no such file, got " + war);
            System.exit(2);
        }
        // Tomcat expands the WAR under <base>/webapps and keeps its work files under <base>/work.
        Path base = Files.createTempDirectory("jgu-bench-tomcat-");
        Files.createDirectories(base.resolve("webapps"));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(Integer.parseInt(args[1]));
        connector.setProperty("address", args.length == 3 ? args[2] : "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addWebapp("", war.toString());
        context.addLifecycleListener(TomcatMain::dropJspServlet);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tomcat, base), "tomcat-stop"));
        tomcat.start();
        if (tomcat.getHost().findChild("").getState() != LifecycleState.STARTED) {
            // Tomcat logs why; a server without its app must not look ready.
            System.err.println("webapp: failed to start, see the log above");
            System.exit(1);
        }
        System.out.println("ready " + connector.getLocalPort());
        System.out.flush();
        tomcat.getServer().await();
    }

    /**
     * Embedded Tomcat's web.xml defaults name Jasper's JSP servlet, which is not on this class path (no
     * test app has a JSP): without this each start logs a ClassNotFoundException. Runs after those
     * defaults are added (BEFORE_START), before servlets load.
     */
    private static void dropJspServlet(LifecycleEvent event) {
        if (!Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
            return;
        }
        Context context = (Context) event.getLifecycle();
        Container jsp = context.findChild("jsp");
        if (jsp != null) {
            context.removeChild(jsp);
            context.removeServletMapping("*.jsp");
            context.removeServletMapping("*.jspx");
        }
    }

    private static void stop(Tomcat tomcat, Path base) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("tomcat: stop failed: " + e);
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("tomcat: could not remove " + base + ": " + e);
        }
    }
}
