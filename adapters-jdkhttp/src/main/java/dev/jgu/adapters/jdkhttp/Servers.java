package dev.jgu.adapters.jdkhttp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link JguHttpServer}s one app set up, all served on jgu's own listeners: a request goes to
 * the context whose path is the longest prefix of its path, across every started server (the
 * JDK's rule within one server).
 */
final class Servers {

    private final List<JguHttpServer> all = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JguHttpServer> firstStart = new CompletableFuture<>();

    void add(JguHttpServer server) {
        all.add(server);
    }

    List<JguHttpServer> all() {
        return all;
    }

    /** Called by a server's {@code start()}. */
    void started(JguHttpServer server) {
        firstStart.complete(server);
    }

    /** @return completes when the first server starts */
    CompletableFuture<JguHttpServer> firstStart() {
        return firstStart;
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
            if (candidate != null && (found == null || candidate.getPath().length() > found.getPath().length())) {
                found = candidate;
            }
        }
        return found;
    }
}
