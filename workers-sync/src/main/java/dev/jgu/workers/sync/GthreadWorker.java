package dev.jgu.workers.sync;

import dev.jgu.spi.WorkerClass;
import dev.jgu.spi.WorkerContext;

/**
 * Gunicorn's {@code gthread}: a pool of {@code --threads} platform threads serves the
 * requests; connections waiting for bytes (new, or idle between keep-alive requests)
 * wait on one selector, not on a thread. At most {@code --worker-connections}
 * connections at once; an idle one is closed after {@code --keep-alive} seconds, a new
 * one that sends nothing within {@code max(keep-alive, 5)} seconds. The main thread
 * heartbeats while requests run, so {@code timeout} only catches a stuck worker.
 */
public final class GthreadWorker implements WorkerClass {

    @Override
    public String name() {
        return "gthread";
    }

    @Override
    public String description() {
        return "a pool of --threads platform threads, idle keep-alive connections on a selector (Gunicorn's gthread)";
    }

    @Override
    public void run(WorkerContext context) throws Exception {
        new GthreadPoller(context).run();
    }
}
