package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An app that leaks on purpose, for {@code max_worker_memory}: {@code /leak?kib=N} keeps N KiB
 * (default 1024) for the worker's lifetime and answers with the pid; {@code /sleep?ms=N}
 * answers with the pid after N milliseconds (a request in flight while the worker is
 * recycled), saying on stderr when it begins; anything else answers with the pid. The kept
 * arrays are filled with random bytes, so every page of them is resident (RSS, not only
 * reserved heap).
 */
public final class Leak implements App {

    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private final List<byte[]> kept = new ArrayList<>();

    @Override
    public Response handle(Request request) throws InterruptedException {
        return switch (request.path()) {
            case "/leak" -> {
                byte[] leaked = new byte[Integer.parseInt(Faults.param(request.query(), "kib", "1024")) * 1024];
                ThreadLocalRandom.current().nextBytes(leaked);
                int held;
                synchronized (kept) {
                    kept.add(leaked);
                    held = kept.size();
                }
                yield Response.text(200, PID + "\n").header("X-Leaked-Arrays", Integer.toString(held));
            }
            case "/sleep" -> {
                long ms = Long.parseLong(Faults.param(request.query(), "ms", "1000"));
                System.err.println("leak: sleep begins pid=" + PID + " ms=" + ms);
                Thread.sleep(ms);
                yield Response.text(200, PID + "\n");
            }
            default -> Response.text(200, PID + "\n");
        };
    }
}
