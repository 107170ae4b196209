package dev.jgu.arbiter.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgu.protocol.settings.BadValue;
import dev.jgu.protocol.settings.TomlText;
import dev.jgu.protocol.settings.ValueType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code jgu.conf} value by its setting's {@link ValueType}. Here and
 * not in the type, so that the worker JVMs, which share the types, carry no
 * TOML library.
 */
final class TomlValue {

    private TomlValue() {
    }

    @SuppressWarnings("unchecked")
    static <T> T read(ValueType<T> type, JsonNode node) throws BadValue {
        return (T) switch (type) {
            case ValueType.IntegerType integer -> integer(integer, node);
            case ValueType.BooleanType bool -> bool(node);
            case ValueType.StringType string -> string(string, node);
            case ValueType.ListType list -> list(list, node);
            case ValueType.TableType table -> table(node);
        };
    }

    /** How a {@code jgu.conf} value is named in an error: as written, strings quoted. */
    static String show(JsonNode node) {
        return node.isTextual() ? TomlText.string(node.asText()) : node.toString();
    }

    private static Integer integer(ValueType.IntegerType type, JsonNode node) throws BadValue {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (type.octal() && node.isTextual()) {
            return type.parse(node.asText());
        }
        throw new BadValue(node.isIntegralNumber() ? "expected an integer in the 32-bit range" : "expected an integer", show(node));
    }

    private static Boolean bool(JsonNode node) throws BadValue {
        if (!node.isBoolean()) {
            throw new BadValue("expected true or false", show(node));
        }
        return node.booleanValue();
    }

    private static String string(ValueType.StringType type, JsonNode node) throws BadValue {
        if (!node.isTextual()) {
            throw new BadValue(type.choices() == null ? "expected a string" : "expected one of " + String.join(", ", type.choices()), show(node));
        }
        return type.parse(node.asText());
    }

    private static List<String> list(ValueType.ListType type, JsonNode node) throws BadValue {
        if (node.isTextual()) {
            return type.parse(node.asText());
        }
        if (!node.isArray()) {
            throw new BadValue("expected an array of strings", show(node));
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new BadValue("expected an array of strings", show(node));
            }
            texts.add(element.asText());
        }
        return type.parseAll(texts);
    }

    private static Map<String, String> table(JsonNode node) throws BadValue {
        if (!node.isObject()) {
            throw new BadValue("expected a table of strings, as { \"NAME\" = \"VALUE\" }", show(node));
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new BadValue("expected a string for " + e.getKey(), show(e.getValue()));
            }
            entries.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableMap(entries);
    }
}
