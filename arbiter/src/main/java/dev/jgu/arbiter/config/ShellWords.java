package dev.jgu.arbiter.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code JGU_CMD_ARGS} into arguments as a POSIX shell would, without
 * expansions (Python's {@code shlex.split}, which Gunicorn uses for
 * {@code GUNICORN_CMD_ARGS}): blanks separate words, single quotes keep text
 * as is, double quotes allow {@code \"}, {@code \\}, {@code \$} and {@code \`},
 * and a backslash outside quotes escapes the next character.
 */
final class ShellWords {

    private ShellWords() {
    }

    /** @throws IllegalArgumentException on an unterminated quote or a trailing backslash */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' quote");
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("trailing backslash");
                }
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** @return the index of the closing quote */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated \" quote");
    }
}
