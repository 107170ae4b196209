package dev.jgu.workers.async;

import dev.jgu.http.RequestObserver;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import dev.jgu.spi.WorkerContext;

/** Feeds the scoreboard's busy figure and the {@code max_requests} count from the request path. */
final class RequestCounter implements RequestObserver {

    private final WorkerContext context;

    RequestCounter(WorkerContext context) {
        this.context = context;
    }

    @Override
    public void requestStarted(Request request) {
        context.busy(true);
    }

    @Override
    public void requestFinished(Request request, Response response, int status, long bytes, long nanos) {
        if (request != null) {
            context.busy(false);
            context.requestServed();
        }
    }
}
