package dev.jgu.http;

import dev.jgu.spi.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a response head (RFC 9112 §4–5) into a reused byte array, refusing what an app
 * must not send: non-token names, CR/LF or other controls in values (response splitting),
 * conflicting Content-Length values. Hop-by-hop fields and the ones the server owns are dropped.
 */
final class ResponseHead {

    private static final byte[] SERVER = "Server: jgu\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    /** Fields the server sets itself, or that describe this hop only (RFC 9110 §7.6.1). */
    private static final String[] DROPPED = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "trailers", "transfer-encoding", "upgrade", "server", "date", "content-length"};

    byte[] bytes = new byte[1024];
    int length;

    /**
     * Checks the app's fields.
     *
     * @return the violated rule, or null when the fields may be sent
     */
    static String check(Headers headers) {
        long length = -1;
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            String value = headers.value(i);
            if (name == null || value == null) {
                return "null-field";
            }
            if (name.isEmpty()) {
                return "empty-field-name";
            }
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                if (c > 255 || !ByteClass.TOKEN[c]) {
                    return "invalid-field-name";
                }
            }
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c > 255 || !ByteClass.FIELD_VALUE[c]) {
                    return "invalid-field-value";
                }
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                long n = parseLength(value);
                if (n < 0 || (length >= 0 && n != length)) {
                    return "invalid-content-length";
                }
                length = n;
            }
        }
        return null;
    }

    /** @return the app's Content-Length, or -1 (call after {@link #check} passed) */
    static long declaredLength(Headers headers) {
        String v = headers.get("Content-Length");
        return v == null ? -1 : parseLength(v);
    }

    private static long parseLength(String v) {
        if (v.isEmpty() || v.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    void start(int minor, int status) {
        length = 0;
        append(StatusLine.bytes(minor, status));
        append(SERVER);
        append(DateHeader.line());
    }

    void appFields(Headers headers) {
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (!dropped(name)) {
                field(name, headers.value(i));
            }
        }
    }

    private static boolean dropped(String name) {
        for (String d : DROPPED) {
            if (d.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    void field(String name, String value) {
        ascii(name);
        append((byte) ':');
        append((byte) ' ');
        ascii(value);
        append(CRLF);
    }

    void end() {
        append(CRLF);
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    private void append(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    void append(byte[] b) {
        append(b, 0, b.length);
    }

    void append(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, bytes, length, n);
        length += n;
    }

    private void ensure(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
        }
    }
}
