package dev.jgu.testapps.jerseyservlet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A suspended request resumed from another thread: Jersey calls {@code request.startAsync} only for
 * resources like this one, so it is what proves the container's async support.
 */
@Path("async")
public class AsyncResource {

    static final long MAX_DELAY_MS = 10_000;

    @GET
    @Path("{ms}")
    @Produces(MediaType.APPLICATION_JSON)
    public void delayed(@PathParam("ms") long ms, @Suspended AsyncResponse response) {
        if (ms < 0 || ms > MAX_DELAY_MS) {
            response.resume(Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "delay must be 0.." + MAX_DELAY_MS + " ms, got " + ms))
                    .build());
            return;
        }
        String requestThread = Thread.currentThread().getName();
        CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS).execute(() -> response.resume(Map.of(
                "delayMs", ms,
                "requestThread", requestThread,
                "resumeThread", Thread.currentThread().getName(),
                "worker", ProcessHandle.current().pid())));
    }
}
