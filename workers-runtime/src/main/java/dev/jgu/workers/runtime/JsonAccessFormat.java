package dev.jgu.workers.runtime;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code access_log_format = json}: one JSON object a line (RFC 8259, UTF-8), written by
 * jackson-core's generator, with the same fields in the same order on every line, a field
 * that has no value being {@code null} rather than absent. {@link #FIELDS} is the contract
 * (the README's table says what each one holds).
 */
final class JsonAccessFormat implements AccessFormat {

    /** The field names, in the order they are written; a new field is only ever added at the end. */
    static final List<String> FIELDS = List.of("time", "pid", "remote_addr", "user", "method", "path", "query", "protocol",
            "request_line", "status", "bytes", "duration_us", "duration_s", "referer", "user_agent");

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final CharacterEscapes ESCAPES = new LogEscapes();

    private final AccessTime time;

    JsonAccessFormat(AccessTime time) {
        this.time = time;
    }

    @Override
    public byte[] line(AccessEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.setCharacterEscapes(ESCAPES);
            g.writeStartObject();
            g.writeStringField("time", time.iso(e.finishedMillis()));
            g.writeNumberField("pid", AccessEntry.pid());
            string(g, "remote_addr", e.remoteAddr());
            string(g, "user", e.user());
            g.writeStringField("method", e.method());
            g.writeStringField("path", e.path());
            g.writeStringField("query", e.query());
            g.writeStringField("protocol", e.protocol());
            g.writeStringField("request_line", e.requestLine());
            g.writeNumberField("status", e.status());
            g.writeNumberField("bytes", e.bytes());
            g.writeNumberField("duration_us", e.micros());
            g.writeFieldName("duration_s");
            g.writeNumber(e.seconds());
            string(g, "referer", e.referer());
            string(g, "user_agent", e.userAgent());
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing into memory", impossible);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    /** Jackson's JSON escapes plus DEL, the C1 controls, U+2028 and U+2029: the rule of {@link LogText#escaped}. */
    private static final class LogEscapes extends CharacterEscapes {

        private final int[] ascii;

        LogEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return LogText.escaped(ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }
}
