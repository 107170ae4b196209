package dev.jgu.adapters.servlet.session;

import dev.jgu.spi.Log;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The sessions of one web app in one worker: hands each request its {@link RequestSessions} and
 * sweeps expired sessions from the shared {@link SessionStore} every 60 seconds on a daemon
 * thread.
 *
 * <p>Expiry events: whichever worker deletes an expired record (its sweep, or a request that
 * found it expired) tells the web app, so each session's end is reported once across all workers.
 * {@code sessionDestroyed} fires for every such record; attributes this worker cannot deserialize
 * (their class is gone or changed, as after a redeploy) are dropped with a log line and get no
 * {@code valueUnbound}/{@code attributeRemoved}.
 *
 * <p>The store belongs to whoever created it: {@link #close()} does not close it.
 */
public final class SessionManager implements AutoCloseable {

    private static final long SWEEP_SECONDS = 60;

    private final SessionStore store;
    private final SessionConfig config;
    private final ServletContext context;
    private final Log log;
    private final Clock clock;
    private final String cookiePath;
    private final SessionEvents events;
    private final AttributeCodec codec;
    private final ScheduledExecutorService sweeper;

    /**
     * Creates the web app's sessions and starts the expiry sweep, on the system clock.
     *
     * @param store where sessions live, shared by the workers
     * @param config the cookie and the default lifetime
     * @param context the web app; its context path gives the cookie's default Path
     * @param listeners the web app's listeners as registered so far, asked at each event
     * @param appLoader resolves attribute classes and is the sweep thread's context loader
     * @param log the server's error log
     */
    public SessionManager(SessionStore store, SessionConfig config, ServletContext context,
            Supplier<List<EventListener>> listeners, ClassLoader appLoader, Log log) {
        this(store, config, context, listeners, appLoader, log, Clock.systemUTC());
    }

    /**
     * As {@link #SessionManager(SessionStore, SessionConfig, ServletContext, Supplier, ClassLoader, Log)},
     * with the clock that stamps access times (tests move it by hand).
     *
     * @param clock the clock
     */
    public SessionManager(SessionStore store, SessionConfig config, ServletContext context,
            Supplier<List<EventListener>> listeners, ClassLoader appLoader, Log log, Clock clock) {
        this.store = store;
        this.config = config;
        this.context = context;
        this.log = log;
        this.clock = clock;
        this.cookiePath = config.cookiePathFor(context.getContextPath());
        this.events = new SessionEvents(listeners, log);
        this.codec = new AttributeCodec(appLoader, log);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "jgu-session-expiry " + cookiePath);
            thread.setDaemon(true);
            thread.setContextClassLoader(appLoader);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Starts a request's session handling; loads nothing until the request asks.
     *
     * @param requestedId the session cookie's value, or null when the request has none
     * @param secureRequest whether the request is secure (for {@link SessionConfig.SecureMode#AUTO})
     * @param sink adds Set-Cookie headers to the response
     * @return the request's sessions
     */
    public RequestSessions forRequest(String requestedId, boolean secureRequest, CookieSink sink) {
        return new RequestSessions(this, requestedId, secureRequest, sink, clock.millis());
    }

    /**
     * Deletes the expired sessions now and tells the web app; the sweep thread calls this.
     *
     * @return how many sessions expired
     * @throws IOException when the store fails
     */
    public int expireNow() throws IOException {
        return store.expire(clock.millis(), this::expired);
    }

    /** Stops the sweep, waiting up to 5 s for one in progress. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            if (!sweeper.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("session expiry sweep still running after close (5s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sweep() {
        long start = System.nanoTime();
        try {
            int expired = expireNow();
            if (expired > 0 && log.debugEnabled()) {
                log.debug("session expiry: expired=" + expired + " took="
                        + (System.nanoTime() - start) / 1_000_000 + "ms");
            }
        } catch (IOException | RuntimeException e) {
            if (!sweeper.isShutdown()) {
                log.error("session expiry sweep failed: path=" + cookiePath, e);
            }
        }
    }

    /** Tells the web app that a session expired; the store already deleted it. */
    void expired(SessionRecord record) {
        new JguHttpSession(this, record, false, session -> { }).destroy();
    }

    /** {@code HttpSession.getAccessor()}: one short pseudo-request that has no response. */
    HttpSession.Accessor accessor(String id) {
        return use -> {
            RequestSessions request = forRequest(id, false, cookie -> { });
            HttpSession session = request.get(false);
            if (session == null) {
                throw new IllegalStateException("session no longer valid");
            }
            try {
                use.accept(session);
            } finally {
                request.finish();
            }
        };
    }

    SessionStore store() {
        return store;
    }

    SessionConfig config() {
        return config;
    }

    ServletContext context() {
        return context;
    }

    Log log() {
        return log;
    }

    String cookiePath() {
        return cookiePath;
    }

    SessionEvents events() {
        return events;
    }

    AttributeCodec codec() {
        return codec;
    }
}
