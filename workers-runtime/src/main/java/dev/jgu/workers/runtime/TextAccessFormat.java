package dev.jgu.workers.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gunicorn's {@code access_log_format}: literal text with {@code %(atom)s} placeholders and
 * {@code %%} for a percent sign, compiled once. An atom Gunicorn does not know renders
 * {@code -}, as there; a {@code %} that starts neither form is kept as written (Python's
 * {@code %} would fail the whole line instead). Every string value is escaped as JSON
 * string content ({@link LogText#appendEscaped}), so a JSON-shaped template such as
 * {@code {"path": "%(U)s"}} stays valid JSON whatever a client sends; numbers
 * ({@code s B b T M D L}) are bare digits.
 */
final class TextAccessFormat implements AccessFormat {

    /** One piece of the template, appending its text for an entry. */
    private interface Part {
        void append(StringBuilder line, AccessEntry e);
    }

    private final AccessTime time;
    private final List<Part> parts;

    TextAccessFormat(String format, AccessTime time) {
        this.time = time;
        this.parts = compile(format);
    }

    @Override
    public byte[] line(AccessEntry entry) {
        StringBuilder line = new StringBuilder(192);
        for (Part part : parts) {
            part.append(line, entry);
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** For tests: the line without its newline. */
    String text(AccessEntry entry) {
        byte[] bytes = line(entry);
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
    }

    private List<Part> compile(String format) {
        List<Part> compiled = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c == '%' && format.startsWith("%%", i)) {
                literal.append('%');
                i += 2;
                continue;
            }
            int close = c == '%' && format.startsWith("%(", i) ? format.indexOf(')', i + 2) : -1;
            if (close < 0 || close + 1 >= format.length() || format.charAt(close + 1) != 's') {
                literal.append(c);
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                String text = literal.toString();
                compiled.add((line, e) -> line.append(text));
                literal.setLength(0);
            }
            compiled.add(atom(format.substring(i + 2, close)));
            i = close + 2;
        }
        if (!literal.isEmpty()) {
            String text = literal.toString();
            compiled.add((line, e) -> line.append(text));
        }
        return List.copyOf(compiled);
    }

    private Part atom(String name) {
        if (name.length() > 3 && name.charAt(0) == '{' && name.charAt(name.length() - 2) == '}') {
            String key = name.substring(1, name.length() - 2).toLowerCase(Locale.ROOT);
            return switch (name.charAt(name.length() - 1)) {
                case 'i' -> (line, e) -> string(line, e.requestHeader(key));
                case 'o' -> (line, e) -> string(line, e.responseHeader(key));
                case 'e' -> (line, e) -> string(line, e.environ(key));
                default -> (line, e) -> line.append('-');
            };
        }
        return switch (name) {
            case "h" -> (line, e) -> string(line, e.remoteAddr());
            case "l" -> (line, e) -> line.append('-');
            case "u" -> (line, e) -> string(line, e.user());
            case "t" -> (line, e) -> line.append(time.clf(e.finishedMillis()));
            case "r" -> (line, e) -> string(line, e.requestLine());
            case "m" -> (line, e) -> string(line, e.method());
            case "U" -> (line, e) -> string(line, e.path());
            case "q" -> (line, e) -> string(line, e.query());
            case "H" -> (line, e) -> string(line, e.protocol());
            case "s" -> (line, e) -> line.append(e.status());
            // Gunicorn writes the count for b too, 0 included (its tests say so), despite the CLF's '-'.
            case "B", "b" -> (line, e) -> line.append(e.bytes());
            case "f" -> (line, e) -> string(line, e.referer());
            case "a" -> (line, e) -> string(line, e.userAgent());
            case "T" -> (line, e) -> line.append(e.micros() / 1_000_000L);
            case "M" -> (line, e) -> line.append(e.micros() / 1_000L);
            case "D" -> (line, e) -> line.append(e.micros());
            case "L" -> (line, e) -> line.append(e.seconds());
            case "p" -> (line, e) -> line.append('<').append(AccessEntry.pid()).append('>');
            default -> (line, e) -> line.append('-');
        };
    }

    private static void string(StringBuilder line, String value) {
        if (value == null) {
            line.append('-');
        } else {
            LogText.appendEscaped(line, value);
        }
    }
}
