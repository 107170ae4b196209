package dev.jgu.adapters.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} data, as a query string or a form body holds it:
 * {@code name=value} pairs joined by {@code &}, {@code +} for a space, percent-escapes decoded
 * in the request's character encoding. A bad escape is kept as written rather than failing the
 * request, as browsers and Tomcat do.
 */
final class FormData {

    private FormData() {
    }

    /**
     * Adds the pairs of {@code data} to {@code into}, values appended in order.
     *
     * @param data the encoded pairs
     * @param charset their character encoding
     * @param into name to values
     */
    static void parse(String data, Charset charset, Map<String, List<String>> into) {
        if (data == null || data.isEmpty()) {
            return;
        }
        int start = 0;
        while (start <= data.length()) {
            int end = data.indexOf('&', start);
            if (end < 0) {
                end = data.length();
            }
            if (end > start) {
                String pair = data.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
                if (!name.isEmpty()) {
                    into.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
                }
            }
            start = end + 1;
        }
    }

    /**
     * @param text percent-encoded text, {@code +} for a space
     * @param charset the encoding of the escaped bytes
     * @return the decoded text
     */
    static String decode(String text, Charset charset) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && hex(text, i)) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) << 4 | Character.digit(text.charAt(i + 2), 16));
                i += 2;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(charset));
                bytes.reset();
            }
            out.append(c == '+' ? ' ' : c);
        }
        if (bytes.size() > 0) {
            out.append(bytes.toString(charset));
        }
        return out.toString();
    }

    private static boolean hex(String text, int i) {
        return i + 2 < text.length()
                && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0;
    }
}
