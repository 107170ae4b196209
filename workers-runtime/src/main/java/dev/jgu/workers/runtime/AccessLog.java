package dev.jgu.workers.runtime;

import dev.jgu.protocol.LogFile;
import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The access log: one line per request, in Gunicorn's {@code access_log_format}
 * ({@code %(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"} by default,
 * with the same atoms). Unlike Gunicorn, values are escaped for real: {@code "}
 * and {@code \} get a backslash and control bytes become {@code \xHH}, so a
 * JSON-shaped format stays valid JSON whatever a client sends.
 */
public final class AccessLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ROOT);
    private static final String PID = "<" + ProcessHandle.current().pid() + ">";

    /** What an atom reads. */
    private record Entry(Request request, Response response, int status, long bytes, long nanos) {
    }

    private final LogFile file;
    private final List<Function<Entry, String>> parts;

    /**
     * @param destination {@code -} for stdout, else a file (appended to)
     * @param format the {@code access_log_format}
     */
    public AccessLog(String destination, String format) {
        this.file = new LogFile(LoggingSettings.ACCESSLOG.name(), destination, System.out);
        this.parts = compile(format);
    }

    /** Reopens the file (USR1, after logrotate moved it). */
    public void reopen() {
        file.reopen();
    }

    /**
     * Writes the line for one request.
     *
     * @param request the request (never null here)
     * @param response the app's response, or null
     * @param status the status sent
     * @param bytes body bytes sent
     * @param nanos the request's duration
     */
    public void log(Request request, Response response, int status, long bytes, long nanos) {
        Entry entry = new Entry(request, response, status, bytes, nanos);
        StringBuilder line = new StringBuilder(160);
        for (Function<Entry, String> part : parts) {
            line.append(part.apply(entry));
        }
        file.write(out -> out.println(line));
    }

    /** Splits a format into literal text and atom readers, once. */
    static List<Function<Entry, String>> compile(String format) {
        List<Function<Entry, String>> parts = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            int start = format.indexOf("%(", i);
            int end = start < 0 ? -1 : format.indexOf(")s", start);
            if (start < 0 || end < 0) {
                String rest = format.substring(i);
                parts.add(e -> rest);
                break;
            }
            if (start > i) {
                String literal = format.substring(i, start);
                parts.add(e -> literal);
            }
            parts.add(atom(format.substring(start + 2, end)));
            i = end + 2;
        }
        return parts;
    }

    private static Function<Entry, String> atom(String name) {
        if (name.startsWith("{") && name.length() > 3 && name.indexOf('}') == name.length() - 2) {
            String key = name.substring(1, name.length() - 2);
            return switch (name.charAt(name.length() - 1)) {
                case 'i' -> e -> escape(orDash(e.request.headers().get(key)));
                case 'o' -> e -> escape(orDash(e.response == null ? null : e.response.headers().get(key)));
                case 'e' -> e -> escape(orDash(environ(e.request, key)));
                default -> e -> "-";
            };
        }
        return switch (name) {
            case "h" -> e -> orDash(e.request.remoteAddress());
            case "l" -> e -> "-";
            case "u" -> e -> escape(user(e.request));
            case "t" -> e -> TIME.format(ZonedDateTime.now());
            case "r" -> e -> escape(e.request.method() + " " + e.request.uri() + " " + e.request.protocol());
            case "m" -> e -> escape(e.request.method());
            case "U" -> e -> escape(e.request.path());
            case "q" -> e -> escape(e.request.query());
            case "H" -> e -> e.request.protocol();
            case "s" -> e -> Integer.toString(e.status);
            case "B" -> e -> Long.toString(e.bytes);
            case "b" -> e -> e.bytes == 0 ? "-" : Long.toString(e.bytes);
            case "f" -> e -> escape(orDash(e.request.headers().get("Referer")));
            case "a" -> e -> escape(orDash(e.request.headers().get("User-Agent")));
            case "T" -> e -> Long.toString(e.nanos / 1_000_000_000L);
            case "M" -> e -> Long.toString(e.nanos / 1_000_000L);
            case "D" -> e -> Long.toString(e.nanos / 1_000L);
            case "L" -> e -> String.format(Locale.ROOT, "%d.%06d", e.nanos / 1_000_000_000L, (e.nanos / 1_000L) % 1_000_000L);
            case "p" -> e -> PID;
            default -> e -> "-";
        };
    }

    private static String environ(Request request, String key) {
        String value = request.environ().get(key);
        return value != null ? value : request.environ().get(key.toUpperCase(Locale.ROOT));
    }

    private static String user(Request request) {
        String auth = request.headers().get("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "-";
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "-" : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "-";
        }
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    /** Backslash-escapes quote and backslash, and hex-escapes control bytes. */
    static String escape(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean special = c == '"' || c == '\\' || c < 0x20 || c == 0x7f;
            if (special && sb == null) {
                sb = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (sb != null) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (special) {
                    sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? value : sb.toString();
    }
}
