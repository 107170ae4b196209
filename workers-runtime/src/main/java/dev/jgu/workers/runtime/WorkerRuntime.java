package dev.jgu.workers.runtime;

import dev.jgu.protocol.AppLoader;
import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.Hooks;
import dev.jgu.protocol.Scoreboard;
import dev.jgu.protocol.Statsd;
import dev.jgu.protocol.WorkerArgs;
import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.protocol.settings.MetricsSettings;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.App;
import dev.jgu.spi.Handler;
import dev.jgu.spi.Listener;
import dev.jgu.spi.Log;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import dev.jgu.spi.Settings;
import dev.jgu.spi.WorkerContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The worker process's side of the scoreboard and lifecycle, as worker classes see it. */
final class WorkerRuntime implements WorkerContext {

    private final WorkerArgs args;
    private final List<Listener> listeners;
    private final SettingValues settings;
    private final ErrorLog log;
    private final Scoreboard scoreboard;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong served = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();
    private volatile boolean alive = true;
    private volatile App app;
    private volatile Handler handler;
    private volatile Hooks hooks;
    private final AccessLog accessLog;
    /** Null unless statsd_host is set. */
    private final Statsd statsd;
    /** Only the metrics endpoint reads the response counters: without {@code metrics_bind} a response costs nothing more. */
    private final boolean countResponses;
    /** The most a quick exit (INT, ABRT, the arbiter gone) waits for the access log to take its queued lines. */
    private static final Duration QUICK_DRAIN = Duration.ofSeconds(2);

    WorkerRuntime(WorkerArgs args, List<Listener> listeners, SettingValues settings, ErrorLog log, Scoreboard scoreboard) {
        this.args = args;
        this.listeners = listeners;
        this.settings = settings;
        this.log = log;
        this.scoreboard = scoreboard;
        this.hooks = Hooks.none(log);
        String accessLogPath = settings.get(LoggingSettings.ACCESSLOG);
        this.countResponses = settings.get(MetricsSettings.METRICS_BIND) != null;
        this.statsd = WorkerStatsd.open(args, settings, log);
        this.accessLog = accessLogPath == null ? null : new AccessLog(accessLogPath, settings.get(LoggingSettings.ACCESS_LOG_FORMAT), log);
        if (accessLog != null) {
            // Any System.exit (the worker's own, an app's) writes the queued lines first; halt() paths call closeAccessLog.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> accessLog.close(QUICK_DRAIN), "jgu-access-log-drain"));
        }
    }

    /**
     * Writes the access lines still queued; lines of requests finishing later are written
     * by their own thread. Before the worker exits, on every path.
     *
     * @param graceful a graceful stop waits up to {@code graceful_timeout} (the arbiter kills
     *                 the worker then anyway), any other exit {@link #QUICK_DRAIN}
     */
    void closeAccessLog(boolean graceful) {
        if (accessLog != null) {
            accessLog.close(graceful ? Duration.ofSeconds(settings.get(WorkerSettings.GRACEFUL_TIMEOUT)) : QUICK_DRAIN);
        }
    }

    void hooks(Hooks loaded) {
        this.hooks = loaded;
    }

    Hooks hooks() {
        return hooks;
    }

    /**
     * USR1: reopen the access and error logs. The access log first: the error log's
     * "reopened log file" line then says both are done, so whoever waits for it (logrotate
     * scripts, the tests) never sees a request logged into the rotated file after it.
     */
    void reopenLogs() {
        if (accessLog != null) {
            accessLog.reopen();
        }
        log.reopen();
    }

    @Override
    public void requestStarted(Request request) {
        busy(true);
        requestServed();
        hooks.run("pre_request", h -> h.preRequest(this, request));
    }

    @Override
    public void requestFinished(Request request, Response response, int status, long bodyBytes, long nanos) {
        if (countResponses) {
            scoreboard.countResponse(args.slot(), request == null ? null : request.method(), status, nanos);
        }
        if (request != null) {
            busy(false);
            hooks.run("post_request", h -> h.postRequest(this, request, response, status));
            if (accessLog != null) {
                accessLog.log(request, response, status, bodyBytes, nanos);
            }
        }
        if (statsd != null && status > 0) {
            statsd.request(status, nanos);
        }
    }

    void app(AppLoader.Loaded loaded) {
        this.app = loaded.app();
        this.handler = loaded.handler();
    }

    @Override
    public List<Listener> listeners() {
        return listeners;
    }

    @Override
    public App app() {
        if (app == null && handler != null) {
            throw new IllegalStateException("the app is not a " + App.class.getName() + " but served by an adapter:"
                    + " a worker class serves WorkerContext.handler()");
        }
        return app;
    }

    @Override
    public Handler handler() {
        return handler;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Log log() {
        return log;
    }

    ErrorLog errorLog() {
        return log;
    }

    @Override
    public int workerId() {
        return args.age();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void heartbeat() {
        scoreboard.heartbeat(args.slot(), System.nanoTime());
    }

    @Override
    public boolean alive() {
        return alive;
    }

    @Override
    public void onStop(Runnable action) {
        stopActions.add(action);
        if (!alive) {
            action.run();
        }
    }

    /**
     * Turns {@link #alive()} false and runs the stop actions once.
     *
     * @param reason for the log line
     */
    void stop(String reason) {
        alive = false;
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        scoreboard.stop(args.slot(), "max_requests".equals(reason) ? Scoreboard.Stop.MAX_REQUESTS : Scoreboard.Stop.OTHER);
        scoreboard.state(args.slot(), Scoreboard.State.DRAINING);
        log.info("worker stopping: worker=" + args.age() + " pid=" + pid + " reason=" + reason);
        for (Runnable action : stopActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("worker stop action failed: worker=" + args.age(), e);
            }
        }
    }

    void ready() {
        scoreboard.threads(args.slot(), requestThreads());
        scoreboard.state(args.slot(), Scoreboard.State.READY);
        heartbeat();
    }

    /**
     * For the metrics' busy/idle threads: sync serves one request at a time, gthread
     * {@code threads}; async and third-party classes have no fixed pool (0), their busy
     * figure is their requests in flight.
     */
    private int requestThreads() {
        return switch (settings.get(WorkerSettings.WORKER_CLASS)) {
            case "sync", "dev.jgu.workers.sync.SyncWorker" -> 1;
            case "gthread", "dev.jgu.workers.sync.GthreadWorker" -> settings.get(WorkerSettings.THREADS);
            default -> 0;
        };
    }

    @Override
    public void requestServed() {
        long n = served.incrementAndGet();
        scoreboard.requests(args.slot(), n);
        long max = args.maxRequests();
        if (max > 0 && n == max) {
            log.info("autorestarting: worker=" + args.age() + " pid=" + pid + " requests=" + n + " max_requests=" + max);
            stop("max_requests");
        }
    }

    @Override
    public void connectionOpened() {
        scoreboard.addConnections(args.slot(), 1);
    }

    @Override
    public void connectionClosed() {
        scoreboard.addConnections(args.slot(), -1);
    }

    @Override
    public void busy(boolean busy) {
        scoreboard.addBusy(args.slot(), busy ? 1 : -1);
    }
}
