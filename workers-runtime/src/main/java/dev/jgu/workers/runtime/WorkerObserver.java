package dev.jgu.workers.runtime;

import dev.jgu.http.RequestObserver;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import dev.jgu.spi.WorkerContext;

/**
 * Reports each request the codec serves to the worker that serves it (busy figure,
 * hooks, access log, request count), so every worker class wires the codec to the
 * worker the same way. Here, not in {@code http}: the codec knows nothing of workers.
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
