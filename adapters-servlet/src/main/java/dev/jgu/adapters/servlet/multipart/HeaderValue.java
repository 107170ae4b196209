package dev.jgu.adapters.servlet.multipart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A header value of the form {@code type; name=value; name="quoted value"}, as Content-Type and
 * Content-Disposition use it (RFC 9110 §5.6.6). Parameter names are lower-cased; the first
 * occurrence of a name wins.
 */
final class HeaderValue {

    private final String type;
    private final Map<String, String> parameters;

    private HeaderValue(String type, Map<String, String> parameters) {
        this.type = type;
        this.parameters = parameters;
    }

    static HeaderValue parse(String value) {
        int semicolon = value.indexOf(';');
        String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = semicolon < 0 ? value.length() : semicolon + 1;
        while (i < value.length()) {
            int equals = value.indexOf('=', i);
            int nextSemicolon = value.indexOf(';', i);
            if (equals < 0 || (nextSemicolon >= 0 && nextSemicolon < equals)) {
                i = nextSemicolon < 0 ? value.length() : nextSemicolon + 1;
                continue;
            }
            String name = value.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            i = skipSpaces(value, equals + 1);
            StringBuilder parameter = new StringBuilder();
            if (i < value.length() && value.charAt(i) == '"') {
                i = readQuoted(value, i + 1, parameter);
                int end = value.indexOf(';', i);
                i = end < 0 ? value.length() : end + 1;
            } else {
                int end = value.indexOf(';', i);
                parameter.append(value, i, end < 0 ? value.length() : end);
                i = end < 0 ? value.length() : end + 1;
            }
            parameters.putIfAbsent(name, parameter.toString().strip());
        }
        return new HeaderValue(type, parameters);
    }

    /**
     * Reads a quoted-string body from just after its opening quote. A backslash escapes only a
     * quote or a backslash: browsers send Windows paths ({@code C:\dir\a.txt}) unescaped, and the
     * HTML standard has them percent-encode quotes instead.
     */
    private static int readQuoted(String value, int i, StringBuilder out) {
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < value.length() && (value.charAt(i + 1) == '"' || value.charAt(i + 1) == '\\')) {
                out.append(value.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return i;
    }

    private static int skipSpaces(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** @return the type (e.g. {@code multipart/form-data}, {@code form-data}), lower-cased */
    String type() {
        return type;
    }

    /** @return the parameter's value, unquoted, or null when absent */
    String parameter(String name) {
        return parameters.get(name);
    }

    /**
     * Decodes an RFC 8187 ext-value ({@code charset'language'pct-encoded}), as in {@code
     * filename*=UTF-8''%E2%82%AC.txt}.
     *
     * @return the decoded text, or null when the value is malformed or its charset unknown
     */
    static String decodeExtValue(String extValue) {
        int firstQuote = extValue.indexOf('\'');
        int secondQuote = firstQuote < 0 ? -1 : extValue.indexOf('\'', firstQuote + 1);
        if (secondQuote < 0) {
            return null;
        }
        Charset charset;
        try {
            charset = Charset.forName(extValue.substring(0, firstQuote));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = secondQuote + 1; i < extValue.length(); i++) {
            char c = extValue.charAt(i);
            if (c == '%') {
                int high = i + 2 < extValue.length() ? Character.digit(extValue.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(extValue.charAt(i + 2), 16);
                if (low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        return new String(bytes.toByteArray(), charset);
    }
}
