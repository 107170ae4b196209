package dev.jgu.workers.async;

import dev.jgu.spi.WorkerClass;
import dev.jgu.spi.WorkerContext;

/**
 * The JVM's answer to Gunicorn's gevent worker: one virtual thread per connection,
 * blocking code parks it instead of a carrier thread, so one worker holds thousands
 * of idle keep-alive connections. At most {@code --worker-connections} connections;
 * an idle one is closed after {@code --keep-alive} seconds. A platform thread accepts
 * and heartbeats, so a long request never starves the heartbeat.
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
        new AsyncAcceptor(context).run();
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
        int workers = Math.max(1, context.settings().getInt("workers", 1));
        int carriers = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        setDefault("jdk.virtualThreadScheduler.parallelism", Integer.toString(carriers));
        setDefault("jdk.pollerMode", "1");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
