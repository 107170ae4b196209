package dev.jgu.dist;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(jgu.err().contains("virtual_threads_on=JDK scheduler"), jgu.err());
    }
}
