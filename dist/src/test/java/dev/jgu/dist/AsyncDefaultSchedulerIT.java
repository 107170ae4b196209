package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The {@code async} worker class with its virtual threads on the JDK's own scheduler,
 * as on a JDK that does not let them run on the worker's event loops: the same checks
 * must pass, only slower.
 */
class AsyncDefaultSchedulerIT extends WorkerClassChecks {

    @Override
    String workerClass() {
        return "async";
    }

    @Override
    List<String> extraArgs() {
        return List.of("--jvm-opt=-Djgu.async.defaultScheduler=true");
    }

    @Test
    @Order(0)
    void saysWhereItsVirtualThreadsRun() {
        // once per worker: the line comes when the worker class starts, just after the worker reports ready
        jgu.awaitLog("virtual_threads_on=JDK scheduler", 2, jgu.bounds.request());
    }
}
