package dev.jgu.arbiter.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgu.protocol.settings.BadValue;
import dev.jgu.protocol.settings.SecuritySettings;
import dev.jgu.protocol.settings.TomlText;
import dev.jgu.protocol.settings.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValueTypeTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void integerReadsDecimalHexOctalAndBinaryAsIntXZero() throws BadValue {
        ValueType<Integer> type = ValueType.integer();
        assertEquals(42, type.parse("42"));
        assertEquals(42, type.parse(" 42 "));
        assertEquals(42, type.parse("0x2A"));
        assertEquals(42, type.parse("0o52"));
        assertEquals(42, type.parse("0b101010"));
        assertEquals(-3, type.parse("-3"));
        assertEquals(3, type.parse("+3"));
        assertEquals(10, type.parse("010"));
    }

    @Test
    void integerRefusesWordsNamingTheValue() {
        BadValue bad = assertThrows(BadValue.class, () -> ValueType.integer().parse("four"));
        assertEquals("workers: expected an integer, got \"four\" (cli)", bad.describe("workers", Source.CLI.detail()));
        assertThrows(BadValue.class, () -> ValueType.integer().parse(""));
        assertThrows(BadValue.class, () -> ValueType.integer().parse("0x"));
        assertThrows(BadValue.class, () -> ValueType.integer().parse("1.5"));
        assertThrows(BadValue.class, () -> ValueType.integer().parse("٣"));
    }

    @Test
    void integerRefusesValuesBeyond32Bits() {
        BadValue bad = assertThrows(BadValue.class, () -> ValueType.integer().parse("99999999999"));
        assertEquals("expected an integer in the 32-bit range", bad.expectation());
        assertThrows(BadValue.class, () -> TomlValue.read(ValueType.integer(), NODES.numberNode(99999999999L)));
    }

    @Test
    void octalReadsLeadingZeroAsOctalLikeC() throws BadValue {
        ValueType<Integer> type = ValueType.octal();
        assertEquals(0022, type.parse("022"));
        assertEquals(0022, type.parse("0o22"));
        assertEquals(0x12, type.parse("0x12"));
        assertEquals(18, type.parse("18"));
        assertEquals(0, type.parse("0"));
        assertThrows(BadValue.class, () -> type.parse("089"));
        assertEquals("0o22", type.toml(0022));
        assertEquals("18", type.text(0022));
    }

    @Test
    void integerInTomlMustBeATomlInteger() throws BadValue {
        assertEquals(4, TomlValue.read(ValueType.integer(), NODES.numberNode(4)));
        BadValue bad = assertThrows(BadValue.class, () -> TomlValue.read(ValueType.integer(), NODES.textNode("4")));
        assertEquals("expected an integer, got \"4\"", bad.getMessage());
        assertThrows(BadValue.class, () -> TomlValue.read(ValueType.integer(), NODES.numberNode(1.5)));
        assertThrows(BadValue.class, () -> TomlValue.read(ValueType.integer(), NODES.booleanNode(true)));
    }

    @Test
    void octalInTomlAcceptsAStringSinceTomlRefuses022() throws BadValue {
        assertEquals(0022, TomlValue.read(ValueType.octal(), NODES.textNode("022")));
        assertEquals(0022, TomlValue.read(ValueType.octal(), NODES.numberNode(18)));
    }

    @Test
    void booleanTakesOnlyTomlBooleans() throws BadValue {
        assertEquals(true, TomlValue.read(ValueType.bool(), NODES.booleanNode(true)));
        assertEquals(false, ValueType.bool().parse("FALSE"));
        BadValue bad = assertThrows(BadValue.class, () -> TomlValue.read(ValueType.bool(), NODES.textNode("yes")));
        assertEquals("expected true or false, got \"yes\"", bad.getMessage());
    }

    @Test
    void stringRefusesOtherTomlTypes() throws BadValue {
        assertEquals("x", TomlValue.read(ValueType.string(), NODES.textNode("x")));
        BadValue bad = assertThrows(BadValue.class, () -> TomlValue.read(ValueType.string(), NODES.numberNode(3)));
        assertEquals("expected a string, got 3", bad.getMessage());
    }

    @Test
    void choiceIgnoresCaseAndListsTheWords() throws BadValue {
        ValueType<String> type = ValueType.choice("debug", "info");
        assertEquals("info", type.parse("INFO"));
        BadValue bad = assertThrows(BadValue.class, () -> type.parse("loud"));
        assertEquals("expected one of debug, info, got \"loud\"", bad.getMessage());
        assertEquals("one of debug, info", type.describe());
    }

    @Test
    void listSplitsAtItsSeparatorAndTrims() throws BadValue {
        ValueType<List<String>> commas = ValueType.list("list", ",", ValueType.Item.ANY);
        assertEquals(List.of("a", "b"), commas.parse(" a , b ,"));
        ValueType<List<String>> whole = ValueType.list("list", null, ValueType.Item.ANY);
        assertEquals(List.of("a,b"), whole.parse("a,b"));
        ValueType<List<String>> colons = ValueType.list("list", ":", ValueType.Item.ANY);
        assertEquals(List.of("a", "b", "c"), colons.parseAll(List.of("a:b", "c")));
    }

    @Test
    void listReadsATomlArrayOrOneString() throws BadValue {
        ValueType<List<String>> type = ValueType.list("list", ",", ValueType.Item.ANY);
        assertEquals(List.of("a", "b", "c"), TomlValue.read(type, NODES.arrayNode().add("a").add("b,c")));
        assertEquals(List.of("a"), TomlValue.read(type, NODES.textNode("a")));
        BadValue bad = assertThrows(BadValue.class, () -> TomlValue.read(type, NODES.arrayNode().add("a").add(1)));
        assertEquals("expected an array of strings", bad.expectation());
        assertEquals("a,b", type.text(List.of("a", "b")));
        assertEquals("[\"a\", \"b\"]", type.toml(List.of("a", "b")));
    }

    @Test
    void listItemsAreCheckedOneByOne() {
        ValueType<List<String>> type = SecuritySettings.FORWARDED_ALLOW_IPS.type();
        BadValue bad = assertThrows(BadValue.class, () -> type.parse("127.0.0.1,nope"));
        assertEquals("\"nope\"", bad.shown());
    }

    @Test
    void tableReadsNameEqualsValueAndTomlTables() throws BadValue {
        ValueType<Map<String, String>> type = ValueType.table();
        assertEquals(Map.of("X-Proto", "https", "X-Ssl", "on"), type.parseAll(List.of("X-Proto=https", "X-Ssl = on")));
        assertThrows(BadValue.class, () -> type.parse("=https"));
        assertThrows(BadValue.class, () -> type.parse("X-Proto"));
        ObjectNode table = NODES.objectNode().put("X-Proto", "https");
        assertEquals(Map.of("X-Proto", "https"), TomlValue.read(type, table));
        assertThrows(BadValue.class, () -> TomlValue.read(type, NODES.objectNode().put("X", 1)));
        assertThrows(BadValue.class, () -> TomlValue.read(type, NODES.textNode("X=1")));
        assertEquals("X-Proto=https", type.text(Map.of("X-Proto", "https")));
        assertEquals("{ \"X-Proto\" = \"https\" }", type.toml(Map.of("X-Proto", "https")));
    }

    @Test
    void tomlStringsEscapeQuotesBackslashesAndControls() {
        assertEquals("\"a \\\"b\\\" \\\\ \\n \\u0001\"", TomlText.string("a \"b\" \\ \n \u0001"));
    }
}
