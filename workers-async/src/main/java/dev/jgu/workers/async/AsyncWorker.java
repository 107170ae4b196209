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
        new AsyncAcceptor(context).run();
    }
}
