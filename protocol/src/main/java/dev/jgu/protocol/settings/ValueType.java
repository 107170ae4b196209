package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * How a setting's value is read from the command line and the environment
 * ({@link #parse}), and written back as canonical text for the workers
 * ({@link #text}) and as a TOML literal ({@link #toml}). A type also checks the
 * form of each value; range checks are {@link Check}s. The arbiter reads
 * {@code jgu.conf} values by these types too, in its own TOML reader.
 *
 * @param <T> the Java type of the value
 */
public sealed interface ValueType<T> {

    /** @return the type as the docs name it ({@code integer}, {@code list of addresses}) */
    String describe();

    /** One command-line occurrence. */
    T parse(String text) throws BadValue;

    /** Every occurrence of a repeatable option, in order; scalars keep the last. */
    default T parseAll(List<String> texts) throws BadValue {
        return parse(texts.get(texts.size() - 1));
    }

    /** The text a worker reads through {@code dev.jgu.spi.Settings}. */
    String text(T value);

    /**
     * The value as the settings file of a generation holds it ({@link SettingValues}):
     * {@link #text} for a scalar; for a list or a table, the items joined by
     * {@code ,} with {@code \}, {@code ,} (and in a table's keys {@code =})
     * escaped by a backslash, so that {@link #decode} gives back exactly the value,
     * whatever its items hold.
     */
    default String encode(T value) {
        return text(value);
    }

    /**
     * @param text what {@link #encode} wrote
     * @return the value
     * @throws IllegalArgumentException when the text is not such a value
     */
    T decode(String text);

    /** The value as a TOML literal, for {@code --print-config}, the docs and the sample {@code jgu.conf}. */
    String toml(T value);

    static ValueType<Integer> integer() {
        return new IntegerType(false);
    }

    /** An integer read as {@code int(x, 0)} with C's leading-zero octal too: {@code 0o22}, {@code 022}, {@code 0x12}, {@code 18}. */
    static ValueType<Integer> octal() {
        return new IntegerType(true);
    }

    static ValueType<Boolean> bool() {
        return new BooleanType();
    }

    static ValueType<String> string() {
        return new StringType(null, Item.ANY);
    }

    /** A string of some form, checked and normalised by {@code form}. */
    static ValueType<String> string(Item form) {
        return new StringType(null, form);
    }

    /** A string limited to some lower-case words; input in any case. */
    static ValueType<String> choice(String... words) {
        return new StringType(List.of(words), Item.ANY);
    }

    /**
     * A list of strings. On the command line and as a single TOML string, an item
     * splits at {@code separator} (null: never).
     */
    static ValueType<List<String>> list(String describe, String separator, Item item) {
        return new ListType(describe, separator, item);
    }

    /** A table of text values: TOML {@code { "K" = "V" }}, or {@code K=V} per command-line occurrence. */
    static ValueType<Map<String, String>> table() {
        return new TableType();
    }

    /** Checks and normalises one text value or list item. */
    @FunctionalInterface
    interface Item {
        Item ANY = s -> s;

        String normalize(String item) throws BadValue;
    }

    private static String escape(String item, String specials) {
        StringBuilder out = new StringBuilder(item.length());
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == '\\' || specials.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Splits at each {@code separator} a backslash does not escape; the pieces keep their escapes. Empty text has none. */
    private static List<String> splitEscaped(String text, char separator) {
        List<String> pieces = new ArrayList<>();
        if (text.isEmpty()) {
            return pieces;
        }
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == separator) {
                pieces.add(text.substring(start, i));
                start = i + 1;
            }
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    private static String unescape(String piece) {
        StringBuilder out = new StringBuilder(piece.length());
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            if (c == '\\') {
                if (++i == piece.length()) {
                    throw new IllegalArgumentException("a backslash ends " + TomlText.string(piece));
                }
                c = piece.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    record IntegerType(boolean octal) implements ValueType<Integer> {

        @Override
        public String describe() {
            return octal ? "integer (octal as 0o22 or 022)" : "integer";
        }

        @Override
        public Integer parse(String text) throws BadValue {
            String t = text.trim();
            String sign = t.startsWith("-") ? "-" : "";
            String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            String prefix = body.length() > 1 ? body.substring(0, 2).toLowerCase(Locale.ROOT) : "";
            int radix = switch (prefix) {
                case "0x" -> 16;
                case "0o" -> 8;
                case "0b" -> 2;
                default -> octal && body.length() > 1 && body.charAt(0) == '0' ? 8 : 10;
            };
            body = radix == 10 ? body : radix == 8 && !prefix.equals("0o") ? body.substring(1) : body.substring(2);
            if (body.isEmpty() || !digitsOnly(body, radix)) {
                throw new BadValue("expected " + (octal ? "an integer (octal as 0o22 or 022)" : "an integer"), TomlText.string(text));
            }
            try {
                return Integer.parseInt(sign + body, radix);
            } catch (NumberFormatException e) {
                throw new BadValue("expected an integer in the 32-bit range", TomlText.string(text));
            }
        }

        private static boolean digitsOnly(String s, int radix) {
            return s.chars().allMatch(c -> c < 128 && Character.digit(c, radix) >= 0);
        }

        @Override
        public String text(Integer value) {
            return Integer.toString(value);
        }

        @Override
        public Integer decode(String text) {
            return Integer.parseInt(text);
        }

        @Override
        public String toml(Integer value) {
            return octal && value >= 0 ? "0o" + Integer.toOctalString(value) : Integer.toString(value);
        }
    }

    record BooleanType() implements ValueType<Boolean> {

        @Override
        public String describe() {
            return "boolean";
        }

        @Override
        public Boolean parse(String text) throws BadValue {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new BadValue("expected true or false", TomlText.string(text));
            };
        }

        @Override
        public String text(Boolean value) {
            return value.toString();
        }

        @Override
        public Boolean decode(String text) {
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("expected true or false, got " + TomlText.string(text));
            };
        }

        @Override
        public String toml(Boolean value) {
            return value.toString();
        }
    }

    /**
     * @param choices the allowed words, or null for any text
     * @param form checks and normalises other text
     */
    record StringType(List<String> choices, Item form) implements ValueType<String> {

        @Override
        public String describe() {
            return choices == null ? "string" : "one of " + String.join(", ", choices);
        }

        @Override
        public String parse(String text) throws BadValue {
            if (choices == null) {
                return form.normalize(text);
            }
            String word = text.trim().toLowerCase(Locale.ROOT);
            if (!choices.contains(word)) {
                throw new BadValue("expected one of " + String.join(", ", choices), TomlText.string(text));
            }
            return word;
        }

        @Override
        public String text(String value) {
            return value;
        }

        @Override
        public String decode(String text) {
            return text;
        }

        @Override
        public String toml(String value) {
            return TomlText.string(value);
        }
    }

    record ListType(String describe, String separator, Item item) implements ValueType<List<String>> {

        @Override
        public List<String> parse(String text) throws BadValue {
            List<String> items = new ArrayList<>();
            for (String part : separator == null ? new String[] {text} : text.split(Pattern.quote(separator), -1)) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    items.add(item.normalize(trimmed));
                }
            }
            return List.copyOf(items);
        }

        @Override
        public List<String> parseAll(List<String> texts) throws BadValue {
            List<String> items = new ArrayList<>();
            for (String text : texts) {
                items.addAll(parse(text));
            }
            return List.copyOf(items);
        }

        @Override
        public String text(List<String> value) {
            return String.join(",", value);
        }

        @Override
        public String encode(List<String> value) {
            StringJoiner out = new StringJoiner(",");
            value.forEach(item -> out.add(escape(item, ",")));
            return out.toString();
        }

        @Override
        public List<String> decode(String text) {
            List<String> items = new ArrayList<>();
            for (String item : splitEscaped(text, ',')) {
                items.add(unescape(item));
            }
            return List.copyOf(items);
        }

        @Override
        public String toml(List<String> value) {
            return TomlText.array(value);
        }
    }

    record TableType() implements ValueType<Map<String, String>> {

        @Override
        public String describe() {
            return "table of strings";
        }

        @Override
        public Map<String, String> parse(String text) throws BadValue {
            int eq = text.indexOf('=');
            if (eq <= 0 || text.substring(0, eq).isBlank()) {
                throw new BadValue("expected NAME=VALUE", TomlText.string(text));
            }
            return Map.of(text.substring(0, eq).trim(), text.substring(eq + 1).trim());
        }

        @Override
        public Map<String, String> parseAll(List<String> texts) throws BadValue {
            Map<String, String> entries = new LinkedHashMap<>();
            for (String text : texts) {
                entries.putAll(parse(text));
            }
            return Collections.unmodifiableMap(entries);
        }

        @Override
        public String text(Map<String, String> value) {
            StringJoiner out = new StringJoiner(",");
            value.forEach((k, v) -> out.add(k + "=" + v));
            return out.toString();
        }

        @Override
        public String encode(Map<String, String> value) {
            StringJoiner out = new StringJoiner(",");
            value.forEach((k, v) -> out.add(escape(k, ",=") + "=" + escape(v, ",")));
            return out.toString();
        }

        @Override
        public Map<String, String> decode(String text) {
            Map<String, String> entries = new LinkedHashMap<>();
            for (String entry : splitEscaped(text, ',')) {
                List<String> pair = splitEscaped(entry, '=');
                if (pair.size() < 2) {
                    throw new IllegalArgumentException("expected NAME=VALUE, got " + TomlText.string(entry));
                }
                entries.put(unescape(pair.get(0)), unescape(entry.substring(pair.get(0).length() + 1)));
            }
            return Collections.unmodifiableMap(entries);
        }

        @Override
        public String toml(Map<String, String> value) {
            return TomlText.table(value);
        }
    }
}
