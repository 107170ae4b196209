package dev.jgu.workers.async;

import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.WorkerClass;
import dev.jgu.spi.WorkerContext;

/**
 * The JVM's answer to Gunicorn's gevent worker: one virtual thread per connection,
 * blocking code parks it instead of a carrier thread, so one worker holds thousands
 * of idle keep-alive connections. At most {@code --worker-connections} connections;
 * an idle one is closed after {@code --keep-alive} seconds.
 *
 * <p>The virtual threads run on the worker's own event loops ({@link EventLoop}), which
 * also watch their sockets: a request is read, handled and answered on the thread that
 * saw it arrive. A handler that blocks parks only its own virtual thread; one that
 * computes without parking for longer than {@code --timeout} holds up its loop, stops
 * the heartbeat and gets the worker replaced, as a gevent worker does.
 */
public final class AsyncWorker implements WorkerClass {

    @Override
    public String name() {
        return "async";
    }

    @Override
    public String description() {
        return "one virtual thread per connection, thousands of keep-alive connections (like Gunicorn's gevent)";
    }

    @Override
    public void run(WorkerContext context) throws Exception {
        tuneScheduler(context);
        new AsyncServer(context, loops(context)).run();
    }

    /**
     * Event loops per worker: {@code async_loops}, else the cores divided among the workers
     * (at least one), as with the JDK's carriers below.
     */
    static int loops(WorkerContext context) {
        int chosen = SettingValues.from(context.settings()).get(WorkerSettings.ASYNC_LOOPS);
        return chosen > 0 ? chosen : carriers(context);
    }

    private static int carriers(WorkerContext context) {
        int workers = SettingValues.from(context.settings()).get(WorkerSettings.WORKERS);
        return Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    }

    /**
     * Process-per-core for virtual threads: the carrier threads of all workers add up to
     * the cores ({@code cores / workers}, at least one), so sibling workers do not take
     * turns on a core and an idle carrier does not spin for work another worker's carrier
     * would do; and the I/O pollers run on platform threads, not as virtual threads
     * queued behind requests on those few carriers (a lower tail latency, measured).
     * Both are read once, when the first virtual thread starts, so they are set here;
     * an operator's {@code --jvm-opt -D...} wins.
     */
    static void tuneScheduler(WorkerContext context) {
        setDefault("jdk.virtualThreadScheduler.parallelism", Integer.toString(carriers(context)));
        setDefault("jdk.pollerMode", "1");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
