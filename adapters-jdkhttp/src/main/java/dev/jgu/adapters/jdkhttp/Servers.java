package dev.jgu.adapters.jdkhttp;

import dev.jgu.spi.Log;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link JguHttpServer}s one app set up, all served on jgu's own listeners: a request goes to
 * the context whose path is the longest prefix of its path, across every started server (the
 * JDK's rule within one server).
 */
final class Servers {

    private final List<JguHttpServer> all = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> serving = new CompletableFuture<>();
    private final Set<String> shadowed = new HashSet<>();
    private final Log log;

    Servers(Log log) {
        this.log = log;
    }

    void add(JguHttpServer server) {
        all.add(server);
    }

    List<JguHttpServer> all() {
        return all;
    }

    /**
     * Called when a server starts or gets a context. Every started server is served on the same
     * listeners, so a path that two of them have is answered by the first server's context: said
     * once per path, as an error.
     */
    synchronized void changed() {
        Set<String> paths = new HashSet<>();
        for (JguHttpServer server : all) {
            if (!server.started()) {
                continue;
            }
            for (JguHttpContext context : server.contexts()) {
                serving.complete(null);
                if (!paths.add(context.getPath()) && shadowed.add(context.getPath())) {
                    log.error("jdk-http: two started HttpServers have context " + context.getPath() + " (the later one"
                            + " asked for " + server.getAddress() + "): jgu serves every server's contexts on its own"
                            + " listeners, and the first server's answers");
                }
            }
        }
    }

    /** @return completes once a started server has a context: there is something to serve */
    CompletableFuture<Void> serving() {
        return serving;
    }

    /** @return whether any server was started */
    boolean anyStarted() {
        return all.stream().anyMatch(JguHttpServer::started);
    }

    /**
     * @param path the request URI's path
     * @return the context to serve it, or null (a 404)
     */
    JguHttpContext find(String path) {
        JguHttpContext found = null;
        for (JguHttpServer server : all) {
            if (!server.started()) {
                continue;
            }
            JguHttpContext candidate = server.find(path);
            // Strictly longer: of two servers with the same path, the first one's context answers.
            if (candidate != null && (found == null || candidate.getPath().length() > found.getPath().length())) {
                found = candidate;
            }
        }
        return found;
    }
}
