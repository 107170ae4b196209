package dev.jgu.spi;

import java.util.List;

/**
 * What a {@link WorkerClass} gets from the worker process: its sockets, its app,
 * its settings and its lifecycle. Thread-safe.
 */
public interface WorkerContext {

    /** @return the listening sockets, in the order of the {@code bind} setting */
    List<Listener> listeners();

    /**
     * @return the loaded application, when it is an {@link App}
     * @throws IllegalStateException when the app is of another kind (one an adapter serves):
     *     worker classes serve {@link #handler()}
     */
    App app();

    /**
     * The loaded application as worker classes serve it: an {@link App} through
     * {@link Handler#of(App)}, or what an adapter made of another kind of app.
     *
     * @return the handler
     */
    default Handler handler() {
        return Handler.of(app());
    }

    /** @return the resolved settings */
    Settings settings();

    /** @return the error log */
    Log log();

    /**
     * @return this worker's age: 1 for the first worker the arbiter spawned, counting up over the
     *     arbiter's life and never reused (the {@code worker=N} of the log lines; Gunicorn's {@code age})
     */
    int workerId();

    /** @return this worker process's pid */
    long pid();

    /**
     * Tells the arbiter this worker is alive. Cheap (a volatile store); call it at
     * least once a second.
     */
    void heartbeat();

    /**
     * Whether the worker should keep accepting. Turns false on a graceful stop
     * (TERM), when the arbiter died, and after {@code max_requests}.
     *
     * @return false once the worker should finish in-flight work and return
     */
    boolean alive();

    /**
     * Registers an action to run (once, on another thread) when {@link #alive()}
     * turns false, e.g. to wake a selector or close the listeners.
     *
     * @param action the action
     */
    void onStop(Runnable action);

    /**
     * Counts a served request; after the {@code max_requests} limit (with jitter)
     * this turns {@link #alive()} false.
     */
    void requestServed();

    /** Counts a connection opened, for the scoreboard's busy/idle figures. */
    void connectionOpened();

    /** Counts a connection closed. */
    void connectionClosed();

    /**
     * Marks one request as in progress or finished, for the scoreboard's busy figure.
     *
     * @param busy true when a request starts, false when it ends
     */
    void busy(boolean busy);

    /**
     * A worker class calls this when a request was parsed, before the app runs:
     * busy figure, the request count ({@code max_requests}: at the limit
     * {@link #alive()} turns false, so this response already closes the
     * connection), {@code pre_request} hook.
     *
     * @param request the request
     */
    default void requestStarted(Request request) {
        busy(true);
        requestServed();
    }

    /**
     * A worker class calls this after each response: busy figure, access log,
     * {@code post_request} hook.
     *
     * @param request the request, or null when none could be parsed
     * @param response the app's response, or null when the app failed or never ran
     * @param status the status sent
     * @param bodyBytes body bytes sent
     * @param nanos time from request start to the end of the response
     */
    default void requestFinished(Request request, Response response, int status, long bodyBytes, long nanos) {
        if (request != null) {
            busy(false);
        }
    }
}
