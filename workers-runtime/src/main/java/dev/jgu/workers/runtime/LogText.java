package dev.jgu.workers.runtime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a value from the wire becomes access-log text. The request's strings hold one
 * char per byte (ISO-8859-1, see {@code Request}); the log reads those bytes as UTF-8,
 * so a UTF-8 User-Agent shows as itself rather than as mojibake, and each maximal
 * sequence of bytes that is not UTF-8 becomes U+FFFD. Then, in text formats, a value is
 * escaped as JSON string content (RFC 8259 §7), which a JSON-shaped format needs and a
 * terminal is safe with.
 */
final class LogText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LogText() {
    }

    /**
     * @param wire a string of one char per byte, as the parser made it; a string holding a
     *             char above U+00FF is already text (an app's header) and is only made well-formed
     * @return the bytes read as UTF-8, malformed sequences replaced by U+FFFD
     */
    static String fromWire(String wire) {
        boolean ascii = true;
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c > 0xff) {
                return wellFormed(wire);
            }
            ascii &= c < 0x80;
        }
        if (ascii) {
            return wire;
        }
        return new String(wire.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** @return {@code text} with each unpaired surrogate replaced by U+FFFD (UTF-8 cannot carry one) */
    static String wellFormed(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (sb != null) {
                    sb.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean lone = Character.isSurrogate(c);
            if (lone && sb == null) {
                sb = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (sb != null) {
                sb.append(lone ? '\ufffd' : c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * @param bytes decoded bytes
     * @return them as strict UTF-8, or null when they are not UTF-8
     */
    static String strictUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Whether the access log writes this char as an escape: what RFC 8259 requires (quote,
     * backslash, U+0000 to U+001F) and what a terminal or a line-based reader should not get
     * raw (DEL, the C1 controls U+0080 to U+009F, U+2028 and U+2029). The JSON format's
     * generator is set up with the same rule.
     */
    static boolean escaped(int c) {
        return c < 0x20 || c == '"' || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }

    /** Appends {@code value} escaped as JSON string content: {@code \" \\ \b \f \n \r \t}, else {@code \}{@code uXXXX}. */
    static void appendEscaped(StringBuilder out, String value) {
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!escaped(c)) {
                continue;
            }
            out.append(value, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        if (from == 0) {
            out.append(value); // the common case, nothing escaped: one array copy, not a char-by-char append
        } else {
            out.append(value, from, value.length());
        }
    }
}
