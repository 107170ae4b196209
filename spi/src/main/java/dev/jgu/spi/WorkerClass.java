package dev.jgu.spi;

/**
 * A concurrency model for serving an app inside one worker JVM (Gunicorn's
 * worker class). Implementations are found with {@link java.util.ServiceLoader}
 * through a {@code META-INF/services/dev.jgu.spi.WorkerClass} entry, and chosen
 * with {@code -k NAME} (or {@code -k} the fully-qualified class name).
 *
 * <p>A worker class must: accept connections on every listener of the context;
 * call {@link WorkerContext#heartbeat()} at least once a second while alive, even
 * while requests run; stop accepting when {@link WorkerContext#alive()} turns
 * false and return once in-flight requests have finished.
 */
public interface WorkerClass {

    /** @return the name used with {@code -k}, e.g. {@code sync} */
    String name();

    /** @return one line for {@code --help} and error messages */
    default String description() {
        return name();
    }

    /**
     * Serves until the worker is told to stop, then returns.
     *
     * @param context the worker's sockets, app, settings and lifecycle
     * @throws Exception a failure that ends the worker
     */
    void run(WorkerContext context) throws Exception;
}
