package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app that logs the way apps do, for the logging process tests; each route answers with the worker's pid:
 * <ul>
 *   <li>{@code /slf4j?msg=M} logs {@code slf4j says M} at INFO through slf4j (logger {@code testapps.shop});</li>
 *   <li>{@code /jul?msg=M} logs {@code jul says M} at INFO through {@code java.util.logging} ({@code testapps.legacy});</li>
 *   <li>{@code /debug?msg=M} logs {@code debug says M} at DEBUG through both;</li>
 *   <li>{@code /stdout?msg=M} and {@code /stderr?msg=M} print {@code stdout says M} / {@code stderr says M}.</li>
 * </ul>
 */
public final class LogEmitter implements App {

    private static final String PID = Long.toString(ProcessHandle.current().pid());
    private static final Logger SHOP = LoggerFactory.getLogger("testapps.shop");
    private static final java.util.logging.Logger LEGACY = java.util.logging.Logger.getLogger("testapps.legacy");

    @Override
    public Response handle(Request request) {
        String msg = msg(request.query());
        switch (request.path()) {
            case "/slf4j" -> SHOP.info("slf4j says {}", msg);
            case "/jul" -> LEGACY.info("jul says " + msg);
            case "/debug" -> {
                SHOP.debug("debug says {}", msg);
                LEGACY.fine("debug says " + msg);
            }
            case "/stdout" -> System.out.println("stdout says " + msg);
            case "/stderr" -> System.err.println("stderr says " + msg);
            default -> {
                return Response.text(404, "no such route\n");
            }
        }
        return Response.text(200, PID + "\n");
    }

    /** The {@code msg} parameter as it is (tests send letters and digits only). */
    private static String msg(String query) {
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("msg=")) {
                return pair.substring(4);
            }
        }
        return "-";
    }
}
