package dev.jgu.http;

import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

/** Optional callbacks per request (server hooks, access log, counters). Default methods do nothing. */
public interface RequestObserver {

    /** An observer that does nothing. */
    RequestObserver NONE = new RequestObserver() {
    };

    /**
     * Called once the request head was parsed, before the app runs.
     *
     * @param request the request
     */
    default void requestStarted(Request request) {
    }

    /**
     * Called after the response was written, or failed.
     *
     * @param request the request; {@code null} when no request head could be parsed
     * @param response the app's response; {@code null} when the request never reached the app (parse error)
     * @param status the status actually sent (e.g. 400), or 0 when nothing could be sent
     * @param bodyBytesSent body bytes written, excluding the head and chunk framing
     * @param durationNanos from the first byte of the request to the end of the response
     */
    default void requestFinished(Request request, Response response, int status, long bodyBytesSent,
            long durationNanos) {
    }
}
