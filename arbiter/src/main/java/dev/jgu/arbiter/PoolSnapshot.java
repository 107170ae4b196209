package dev.jgu.arbiter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The pool as the loop last saw it, published every turn for threads that must not touch
 * the loop's state (the control socket answers {@code status} from it even while the loop
 * is busy stopping workers). Immutable.
 *
 * @param arbiter the arbiter's pid
 * @param generation the generation new workers are spawned from
 * @param serving the last generation that was ready, or 0 before the first one is
 * @param reloading whether a HUP's generation is not ready yet
 * @param target the number of workers the pool keeps
 * @param workers every worker not yet reaped, in spawn order
 */
record PoolSnapshot(long arbiter, int generation, int serving, boolean reloading, int target, List<Worker> workers) {

    /**
     * One worker.
     *
     * @param worker its number ({@code worker=3} in the log), one more for each spawn
     * @param ageSeconds since it was spawned
     */
    record Worker(int worker, long pid, int slot, int generation, String state, long requests, int busy, int connections,
                  long ageSeconds) {
    }

    PoolSnapshot {
        workers = List.copyOf(workers);
    }

    /** The JSON {@code status} answers, with each worker's RSS read now ({@code rssKib}: pid to KiB, -1 unknown). */
    ObjectNode json(LongUnaryOperator rssKib) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("arbiter", arbiter).put("generation", generation);
        if (serving > 0) {
            node.put("serving_generation", serving);
        } else {
            node.putNull("serving_generation");
        }
        node.put("reloading", reloading).put("target", target);
        node.set("workers", workersJson(rssKib));
        return node;
    }

    ArrayNode workersJson(LongUnaryOperator rssKib) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Worker w : workers) {
            list.addObject().put("worker", w.worker()).put("pid", w.pid()).put("slot", w.slot()).put("generation", w.generation())
                    .put("state", w.state()).put("requests", w.requests()).put("busy", w.busy()).put("connections", w.connections())
                    .put("rss_kib", rssKib.applyAsLong(w.pid())).put("age_seconds", w.ageSeconds());
        }
        return list;
    }
}
