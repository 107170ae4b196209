package dev.jgu.arbiter.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The line on which each top-level key of a TOML document is set. Jackson's
 * TOML reader builds a tree before handing out tokens, so its parser reports no
 * locations; this scanner finds them instead. It runs only on text Jackson has
 * already accepted, so it needs to follow valid TOML only: comments, the four
 * string forms (escapes, multi-line) and nested arrays and inline tables.
 * A table header {@code [name]} or {@code [[name]]} counts as setting {@code name}.
 */
final class TomlKeyLines {

    private final String text;
    private final Map<String, Integer> lines = new HashMap<>();
    private int pos;
    private int line = 1;

    private TomlKeyLines(String text) {
        this.text = text;
    }

    /** @return top-level key -> 1-based line of its first appearance */
    static Map<String, Integer> of(String toml) {
        TomlKeyLines scanner = new TomlKeyLines(toml);
        scanner.scan();
        return scanner.lines;
    }

    private void scan() {
        boolean inTable = false;
        while (skipBlankAndComments()) {
            if (peek() == '[') {
                pos += peekAt(1) == '[' ? 2 : 1;
                skipSpaces();
                lines.putIfAbsent(key(), line);
                skipRestOfLine();
                inTable = true;
                continue;
            }
            int keyLine = line;
            String key = key();
            if (!inTable) {
                lines.putIfAbsent(key, keyLine);
            }
            skipSpaces();
            pos++;
            skipSpaces();
            value();
            skipRestOfLine();
        }
    }

    /** Reads a dotted key and returns its first part; stops after the last part. */
    private String key() {
        String first = null;
        while (pos < text.length()) {
            String part = keyPart();
            first = first == null ? part : first;
            skipSpaces();
            if (peek() != '.') {
                break;
            }
            pos++;
            skipSpaces();
        }
        return first;
    }

    private String keyPart() {
        char c = peek();
        if (c == '"' || c == '\'') {
            int start = pos + 1;
            skipString();
            String raw = text.substring(start, pos - 1);
            return c == '"' ? raw.replace("\\\"", "\"").replace("\\\\", "\\") : raw;
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void value() {
        char c = peek();
        if (c == '"' || c == '\'') {
            skipString();
        } else if (c == '[' || c == '{') {
            skipNested();
        } else {
            while (pos < text.length() && peek() != '\n' && peek() != '#' && peek() != ',' && peek() != ']' && peek() != '}') {
                pos++;
            }
        }
    }

    /** An array or inline table, with what nests inside: strings, comments, newlines. */
    private void skipNested() {
        int depth = 0;
        do {
            char c = peek();
            if (c == '"' || c == '\'') {
                skipString();
                continue;
            }
            if (c == '#') {
                skipComment();
                continue;
            }
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == '\n') {
                line++;
            }
            pos++;
        } while (depth > 0 && pos < text.length());
    }

    /** Any of the four string forms; leaves {@code pos} after the closing quote(s). */
    private void skipString() {
        char quote = peek();
        boolean multi = peekAt(1) == quote && peekAt(2) == quote;
        pos += multi ? 3 : 1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && quote == '"') {
                if (peekAt(1) == '\n') {
                    line++;
                }
                pos += 2;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            if (c == quote && (!multi || (peekAt(1) == quote && peekAt(2) == quote))) {
                pos += multi ? 3 : 1;
                // A multi-line string may end with one or two quotes of content before its delimiter.
                while (multi && peek() == quote) {
                    pos++;
                }
                return;
            }
            pos++;
        }
    }

    /** @return false at the end of the text */
    private boolean skipBlankAndComments() {
        while (pos < text.length()) {
            char c = peek();
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else {
                return true;
            }
        }
        return false;
    }

    private void skipComment() {
        while (pos < text.length() && peek() != '\n') {
            pos++;
        }
    }

    /** The rest of a header or key/value line: a quoted table name may hold ']' or '#'. */
    private void skipRestOfLine() {
        while (pos < text.length() && peek() != '\n') {
            char c = peek();
            if (c == '#') {
                skipComment();
            } else if (c == '"' || c == '\'') {
                skipString();
            } else {
                pos++;
            }
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private char peek() {
        return peekAt(0);
    }

    private char peekAt(int offset) {
        int i = pos + offset;
        return i < text.length() ? text.charAt(i) : '\0';
    }
}
