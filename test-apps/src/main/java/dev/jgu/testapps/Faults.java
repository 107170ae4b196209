package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * An app for the fault scenarios of the reliability suite, each fault on its own route, so
 * that a load of ordinary requests runs beside it:
 * <ul>
 *   <li>{@code /} answers with the worker's pid;</li>
 *   <li>{@code /hang} never answers, and says on stderr when it begins: it waits forever,
 *       or with {@code ?spin=1} computes forever without ever blocking (what holds an async
 *       worker's event loop, whose virtual threads give up their carrier only when they block);</li>
 *   <li>{@code /oom} allocates until the heap is exhausted (the worker's
 *       {@code -XX:+ExitOnOutOfMemoryError} ends it), and says on stderr when it begins;</li>
 *   <li>{@code /large?bytes=N} answers with N bytes, more than a socket's buffers hold, for a
 *       client that never reads.</li>
 * </ul>
 */
public final class Faults implements App {

    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final int CHUNK = 1 << 20;
    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    public Response handle(Request request) throws InterruptedException {
        return switch (request.path()) {
            case "/hang" -> {
                boolean spin = "1".equals(param(request.query(), "spin", "0"));
                System.err.println("faults: hang begins pid=" + PID + " spin=" + spin);
                if (spin) {
                    spinForever();
                }
                never.await();
                yield Response.text(500, "unreachable\n");
            }
            case "/oom" -> {
                System.err.println("faults: oom begins pid=" + PID);
                yield Response.text(500, "heap not exhausted after " + exhaustHeap() + " MiB\n");
            }
            case "/large" -> Response.of(200).header("Content-Type", "application/octet-stream")
                    .body(new byte[Integer.parseInt(param(request.query(), "bytes", Integer.toString(CHUNK)))]);
            default -> Response.text(200, PID + "\n");
        };
    }

    private static void spinForever() {
        long spins = 0;
        while (spins >= 0) {
            spins = (spins + 1) & Long.MAX_VALUE;
        }
    }

    /** Holds on to 1 MiB arrays until an allocation fails; only a JVM that survives OutOfMemoryError returns. */
    private static int exhaustHeap() {
        List<byte[]> held = new ArrayList<>();
        try {
            while (true) {
                held.add(new byte[CHUNK]);
            }
        } catch (OutOfMemoryError e) {
            int mib = held.size();
            held.clear();
            return mib;
        }
    }

    static String param(String query, String name, String fallback) {
        if (query == null) {
            return fallback;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
