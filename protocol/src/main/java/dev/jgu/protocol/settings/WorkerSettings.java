package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/** How many worker JVMs, how they serve, and when they are recycled or killed. */
public final class WorkerSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<Integer> WORKERS = setting("workers", ValueType.integer())
            .flags("-w", "--workers").label("INT")
            .defaultValue(1)
            .envDefault("WEB_CONCURRENCY", UnaryOperator.identity())
            .defaultText("1, or $WEB_CONCURRENCY when set")
            .check(Check.atLeast(1))
            .reloadable()
            .help("Number of worker JVMs.")
            .doc("""
                    Each worker is its own JVM serving on the shared sockets. TTIN and TTOU add or \
                    remove one worker while running; a HUP applies a new count.""")
            .build();

    public static final Setting<String> WORKER_CLASS = setting("worker_class", ValueType.string())
            .flags("-k", "--worker-class").label("NAME")
            .defaultValue("sync")
            .check(Check.matches(Check.CLASS_NAME, "expected a worker class name (sync, gthread, async) or a fully-qualified class name"))
            .reloadable()
            .help("How a worker serves: sync (one request at a time; a slow client holds the worker, so run it behind a buffering proxy such as nginx), gthread (a thread pool), async (a virtual thread per connection), or another worker class.")
            .doc("""
                    Worker classes are found with java.util.ServiceLoader as implementations of \
                    dev.jgu.spi.WorkerClass; name one by the name it reports or by its \
                    fully-qualified class name. A third-party jar providing one is used like the \
                    built-in ones. As Gunicorn's sync worker, sync serves one connection at a time \
                    on the worker's only thread, so a client that sends its request slowly holds \
                    the whole worker: header_timeout bounds how long (a slowloris client costs each \
                    sync worker that long per connection), but clients on the internet need a \
                    buffering proxy (nginx) in front of sync. gthread reads request heads on its \
                    poller and async on virtual threads, so a slow client holds neither a thread.""")
            .build();

    public static final Setting<Integer> THREADS = setting("threads", ValueType.integer())
            .flags("--threads").label("INT")
            .defaultValue(1)
            .check(Check.atLeast(1))
            .reloadable()
            .help("Request threads per worker (gthread).")
            .build();

    public static final Setting<Integer> WORKER_CONNECTIONS = setting("worker_connections", ValueType.integer())
            .flags("--worker-connections").label("INT")
            .defaultValue(1000)
            .check(Check.atLeast(1))
            .reloadable()
            .help("Most client connections one worker holds at once (gthread and other concurrent classes).")
            .build();

    public static final Setting<Integer> MAX_REQUESTS = setting("max_requests", ValueType.integer())
            .flags("--max-requests").label("INT")
            .defaultValue(0)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Replace a worker after it has served this many requests; 0 never does.")
            .doc("""
                    A simple guard against leaks in the app: the worker finishes its request, exits, \
                    and the arbiter spawns a fresh one.""")
            .build();

    public static final Setting<Integer> MAX_REQUESTS_JITTER = setting("max_requests_jitter", ValueType.integer())
            .flags("--max-requests-jitter").label("INT")
            .defaultValue(0)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Add a random 0..N to max_requests per worker, so workers are not all replaced at once.")
            .build();

    public static final Setting<Integer> MAX_WORKER_MEMORY = setting("max_worker_memory", ValueType.integer())
            .flags("--max-worker-memory").label("MIB")
            .defaultValue(0)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Replace a ready worker whose RSS has grown past this many MiB, as max_requests does; 0 never does.")
            .doc("""
                    uWSGI's reload-on-rss. The arbiter reads each ready worker's RSS every 5 seconds; \
                    one over the limit gets TERM, finishes its requests and is replaced. A worker \
                    already over it as it becomes ready is not recycled (a new one would \
                    be too): that is said once per generation, and the limit is too low for the app.""")
            .build();

    public static final Setting<Integer> TIMEOUT = setting("timeout", ValueType.integer())
            .flags("-t", "--timeout").label("SECONDS")
            .defaultValue(30)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Kill a worker whose heartbeat is older than this many seconds; 0 disables the check.")
            .doc("""
                    A worker heartbeats through the scoreboard at least once a second while alive; \
                    gthread keeps doing so while requests run; async while its event loops turn \
                    (a request that blocks parks its virtual thread and lets them turn, one that \
                    computes for this long without ever blocking holds its loop and counts as hung, \
                    as in gevent); sync only between requests (as in Gunicorn, there it bounds a \
                    request). One that stops gets SIGQUIT first, \
                    so its thread dump lands in the error log and shows where it hung, then SIGABRT \
                    (the worker_abort hook runs), then SIGKILL. A worker still booting gets at least \
                    120 seconds. The same value bounds each client read and write in every worker \
                    class (30 seconds when it is 0).""")
            .build();

    public static final Setting<Integer> GRACEFUL_TIMEOUT = setting("graceful_timeout", ValueType.integer())
            .flags("--graceful-timeout").label("SECONDS")
            .defaultValue(30)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Seconds a worker gets to finish its requests after a graceful stop or restart, before SIGKILL.")
            .build();

    public static final Setting<Integer> KEEPALIVE = setting("keepalive", ValueType.integer())
            .flags("--keep-alive").label("SECONDS")
            .defaultValue(2)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Seconds an idle keep-alive connection stays open; sync closes after every response.")
            .build();

    public static final Setting<Integer> HEADER_TIMEOUT = setting("header_timeout", ValueType.integer())
            .flags("--header-timeout").label("SECONDS")
            .defaultValue(20)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Seconds a request head may take from its first byte to its end (408 and a close past it); 0 for no bound.")
            .doc("""
                    nginx's client_header_timeout, counted from the head's first byte: the wait                     before it is bounded as before (keepalive, or 5 seconds for a new connection;                     timeout for sync). Each read of the head stays bounded by timeout as well. A                     client that sends its head a byte at a time (slowloris) is answered 408 Request                     Timeout with Connection: close once it is over. A gthread worker reads heads on                     its poller, so such a client holds no thread; a sync worker is held by it, for                     this long at most.""")
            .build();

    public static final Setting<Integer> BODY_TIMEOUT = setting("body_timeout", ValueType.integer())
            .flags("--body-timeout").label("SECONDS")
            .defaultValue(20)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Seconds reading a request body may wait for the client, plus one per body_min_rate bytes received; 0 for no bound.")
            .doc("""
                    nginx's client_body_timeout with Apache mod_reqtimeout's MinRate: while the app                     reads a request body, the worker may wait for the client body_timeout seconds                     in all, plus one second for every body_min_rate bytes received; the time the app                     spends between its reads does not count. Past it the app's read fails with an                     IOException (RequestTimeout: body-timeout), the client gets 408 if no response                     began, and the connection closes.""")
            .build();

    public static final Setting<Integer> BODY_MIN_RATE = setting("body_min_rate", ValueType.integer())
            .flags("--body-min-rate").label("BYTES/S")
            .defaultValue(500)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Bytes per second a request body must keep up once body_timeout is spent; 0 for body_timeout alone.")
            .build();

    public static final Setting<Integer> ASYNC_LOOPS = setting("async_loops", ValueType.integer())
            .flags("--async-loops").label("INT")
            .defaultValue(0)
            .jvmProperty("jgu.async.loops")
            .defaultText("0 (the cores divided among the workers), or -Djgu.async.loops=N in jvm_opts")
            .check(Check.atLeast(0))
            .reloadable()
            .help("Event loops of an async worker; 0 gives each worker its share of the cores, at least one.")
            .doc("""
                    Each loop is a platform thread that runs virtual threads and watches their sockets: \
                    the thread that sees a request arrive reads it, runs the app and writes the answer. \
                    The default gives the workers of a host one loop per core between them.""")
            .build();

    public static final Setting<Boolean> ASYNC_DEFAULT_SCHEDULER = setting("async_default_scheduler", ValueType.bool())
            .flags("--async-default-scheduler").flag(true)
            .defaultValue(false)
            .jvmProperty("jgu.async.defaultScheduler")
            .reloadable()
            .help("Run an async worker's virtual threads on the JDK's scheduler instead of its event loops.")
            .doc("""
                    What an async worker does anyway where the JDK does not let it schedule virtual threads \
                    itself. It works the same, but each wake-up is a hand-off from thread to thread (about \
                    35 % fewer requests per second in bench/workers). -Djgu.async.defaultScheduler=true in \
                    jvm_opts sets it too.""")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private WorkerSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.WORKER_PROCESSES, name, type, DECLARED::add);
    }
}
