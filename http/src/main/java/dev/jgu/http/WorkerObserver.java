package dev.jgu.http;

import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import dev.jgu.spi.WorkerContext;

/**
 * Reports each request to the worker that serves it (busy figure, hooks, access
 * log, request count), so every worker class wires the codec to the worker the same way.
 */
public final class WorkerObserver implements RequestObserver {

    private final WorkerContext worker;

    /** @param worker the serving worker */
    public WorkerObserver(WorkerContext worker) {
        this.worker = worker;
    }

    @Override
    public void requestStarted(Request request) {
        worker.requestStarted(request);
    }

    @Override
    public void requestFinished(Request request, Response response, int status, long bodyBytesSent, long durationNanos) {
        worker.requestFinished(request, response, status, bodyBytesSent, durationNanos);
    }
}
