package dev.jgu.workers.runtime;

import dev.jgu.spi.Headers;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One finished request, as the access log's atoms read it: each method is one atom's
 * value as Gunicorn 26 computes it ({@code gunicorn/glogging.py}, {@code atoms}), read as
 * text ({@link LogText#fromWire}), or null where Gunicorn writes {@code -}. Read on the
 * request's own thread, before the response objects can be reused.
 *
 * @param request the request
 * @param response the app's response, or null when the app failed or never ran
 * @param status the status sent
 * @param bytes body bytes sent
 * @param nanos from the request's start to the end of its response
 * @param finishedMillis wall-clock time at the end of the response (Gunicorn's {@code t} is taken then)
 */
record AccessEntry(Request request, Response response, int status, long bytes, long nanos, long finishedMillis) {

    private static final long PID = ProcessHandle.current().pid();

    /** {@code h}: the client's address (after a trusted PROXY header); null on a UNIX socket. */
    String remoteAddr() {
        String addr = request.remoteAddress();
        return addr == null || addr.isEmpty() ? null : addr;
    }

    /**
     * {@code u}: the user of HTTP Basic auth, as Gunicorn reads it: a value starting {@code basic}
     * (any case), the part after its first space, base64 with the characters outside the alphabet
     * dropped, up to the first colon, strict UTF-8; null when any of that fails or the name is empty.
     */
    String user() {
        String auth = joined(request.headers(), "Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "basic", 0, 5)) {
            return null;
        }
        int space = auth.indexOf(' ');
        if (space < 0) {
            return null;
        }
        StringBuilder b64 = new StringBuilder(auth.length());
        for (int i = space + 1; i < auth.length(); i++) {
            char c = auth.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
                b64.append(c);
            }
        }
        byte[] decoded;
        try {
            // Python's b64decode wants whole quads (padding included); Java's decoder would let a short one pass.
            decoded = b64.length() % 4 == 0 ? Base64.getDecoder().decode(b64.toString()) : null;
        } catch (IllegalArgumentException e) {
            decoded = null;
        }
        if (decoded == null) {
            return null;
        }
        int colon = 0;
        while (colon < decoded.length && decoded[colon] != ':') {
            colon++;
        }
        String name = LogText.strictUtf8(Arrays.copyOf(decoded, colon));
        return name == null || name.isEmpty() ? null : name;
    }

    /** {@code r}: {@code METHOD RAW_URI PROTOCOL}. */
    String requestLine() {
        return LogText.fromWire(request.method() + " " + request.uri() + " " + request.protocol());
    }

    /** {@code m} */
    String method() {
        return LogText.fromWire(request.method());
    }

    /** {@code U}: the path, percent-decoded as UTF-8 (already text: PATH_INFO). */
    String path() {
        return LogText.wellFormed(request.path());
    }

    /** {@code q}: the query, empty when there is none (QUERY_STRING). */
    String query() {
        return LogText.fromWire(request.query());
    }

    /** {@code H} */
    String protocol() {
        return request.protocol();
    }

    /** {@code f}: Referer, repeated fields joined with a comma as in the environ; null when absent. */
    String referer() {
        String value = joined(request.headers(), "Referer");
        return value == null ? null : LogText.fromWire(value);
    }

    /** {@code a}: User-Agent, likewise. */
    String userAgent() {
        String value = joined(request.headers(), "User-Agent");
        return value == null ? null : LogText.fromWire(value);
    }

    /** {@code {name}i}: the request header's last field, as Gunicorn's atom table keeps it; null when absent. */
    String requestHeader(String name) {
        return last(request.headers(), name);
    }

    /** {@code {name}o}: the response header's last field; null when absent or there was no response. */
    String responseHeader(String name) {
        return response == null ? null : last(response.headers(), name);
    }

    /** {@code {name}e}: the environ variable, its name compared ignoring case as Gunicorn does; null when absent. */
    String environ(String name) {
        for (Map.Entry<String, String> e : request.environ().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                // PATH_INFO is decoded text already; every other value is a copy of wire bytes.
                return e.getKey().equals("PATH_INFO") ? LogText.wellFormed(e.getValue()) : LogText.fromWire(e.getValue());
            }
        }
        return null;
    }

    /** @return whole microseconds of the duration, as Gunicorn's timedelta holds it */
    long micros() {
        return nanos / 1_000L;
    }

    /** {@code L}: decimal seconds, {@code %d.%06d}. */
    String seconds() {
        long micros = micros();
        String fraction = Long.toString(micros % 1_000_000L);
        return micros / 1_000_000L + "." + "000000".substring(fraction.length()) + fraction;
    }

    /** @return this worker's pid ({@code p} writes it as {@code <pid>}) */
    static long pid() {
        return PID;
    }

    private static String last(Headers headers, String name) {
        List<String> all = headers.all(name);
        return all.isEmpty() ? null : LogText.fromWire(all.get(all.size() - 1));
    }

    private static String joined(Headers headers, String name) {
        List<String> all = headers.all(name);
        return switch (all.size()) {
            case 0 -> null;
            case 1 -> all.get(0);
            default -> String.join(",", all);
        };
    }
}
