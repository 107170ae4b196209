package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * An app for the process tests that shows which worker served a request:
 * <ul>
 *   <li>{@code /} answers with the worker's pid;</li>
 *   <li>{@code /sleep?ms=N} answers with the pid after N milliseconds (an in-flight request),
 *       and says on stderr when it begins;</li>
 *   <li>{@code /hang} never answers (a stuck worker, for the heartbeat timeout);</li>
 *   <li>{@code /spin?ms=N} computes for N milliseconds without ever blocking, then answers
 *       with the pid, and says on stderr when it begins;</li>
 *   <li>{@code /echo} answers with the request body.</li>
 * </ul>
 */
public final class Probe implements App {

    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private final CountDownLatch never = new CountDownLatch(1);

    /** @return a new probe app (the factory form, {@code dev.jgu.testapps.Probe::create}) */
    public static App create() {
        return new Probe();
    }

    @Override
    public Response handle(Request request) throws IOException, InterruptedException {
        return switch (request.path()) {
            case "/sleep" -> {
                long ms = Long.parseLong(param(request.query(), "ms", "1000"));
                // a line on stderr (the error log) tells tests the request is in flight
                System.err.println("probe: sleep begins pid=" + PID + " ms=" + ms);
                Thread.sleep(ms);
                yield Response.text(200, PID + "\n");
            }
            case "/spin" -> {
                long ms = Long.parseLong(param(request.query(), "ms", "1000"));
                System.err.println("probe: spin begins pid=" + PID + " ms=" + ms);
                long until = System.nanoTime() + ms * 1_000_000L;
                long spins = 0;
                while (System.nanoTime() - until < 0) {
                    spins++;
                }
                yield Response.text(200, PID + " " + spins + "\n");
            }
            case "/hang" -> {
                never.await();
                yield Response.text(500, "unreachable\n");
            }
            case "/echo" -> Response.of(200).header("Content-Type", "application/octet-stream")
                    .body(request.body().readAllBytes());
            default -> Response.text(200, PID + "\n");
        };
    }

    private static String param(String query, String name, String fallback) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
