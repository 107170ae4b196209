package dev.jgu.protocol.settings;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** TOML literals, for {@code --print-config}, the docs and the sample {@code jgu.conf}. */
public final class TomlText {

    private TomlText() {
    }

    /** A TOML basic string: {@code "a \"b\""}. Also how a text value is shown in error messages. */
    public static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A TOML array of strings. */
    public static String array(List<String> items) {
        StringJoiner out = new StringJoiner(", ", "[", "]");
        items.forEach(item -> out.add(string(item)));
        return out.toString();
    }

    /** An inline table with quoted keys, so header names such as {@code X-Forwarded-Proto} need no care. */
    public static String table(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return "{}";
        }
        StringJoiner out = new StringJoiner(", ", "{ ", " }");
        entries.forEach((k, v) -> out.add(string(k) + " = " + string(v)));
        return out.toString();
    }
}
