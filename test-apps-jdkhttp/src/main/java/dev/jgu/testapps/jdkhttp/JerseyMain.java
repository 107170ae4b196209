package dev.jgu.testapps.jdkhttp;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The shop as a Jersey app on the JDK's HTTP server, written as one would without jgu: {@code
 * main} starts the server and waits forever. Under jgu ({@code APP} {@code
 * dev.jgu.testapps.jdkhttp.JerseyMain::main}) the server binds nothing and its context,
 * {@code /api/}, is served on jgu's sockets. {@link #handler()} is the same app as an
 * {@code HttpHandler}, for {@code APP} {@code dev.jgu.testapps.jdkhttp.JerseyMain::handler}.
 */
public final class JerseyMain {

    private JerseyMain() {
    }

    static ResourceConfig config() {
        // No WADL: it needs a JAXB implementation the shop does not ship.
        return new ResourceConfig(ShopResource.class, OutOfStockMapper.class).register(JacksonFeature.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }

    public static void main(String[] args) throws InterruptedException {
        HttpServer server = JdkHttpServerFactory.createHttpServer(URI.create("http://localhost:8080/api/"), config());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        System.out.println("shop started at http://localhost:8080/api/shop");
        Thread.currentThread().join();
    }

    /** @return the shop as an HttpHandler (Jersey's JdkHttpHandlerContainer), served at / */
    public static HttpHandler handler() {
        return ContainerFactory.createContainer(HttpHandler.class, config());
    }
}
