package dev.jgu.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field-line rules of RFC 9112 §5 with Gunicorn 26's policy, shared by the header
 * section and the chunked trailer section. Fields are recorded as offsets into the
 * {@link LineBuffer} that holds them; nothing is copied or decoded here.
 */
final class FieldSection {

    private final HttpConfig config;
    int count;
    int[] nameStart = new int[16];
    int[] nameEnd = new int[16];
    int[] valueStart = new int[16];
    int[] valueEnd = new int[16];
    int[] known = new int[16];
    private int lines;
    private int fieldLength;
    private boolean lastDropped;

    FieldSection(HttpConfig config) {
        this.config = config;
    }

    void reset() {
        count = 0;
        lines = 0;
        lastDropped = false;
    }

    /**
     * Takes the completed line of {@code b}.
     *
     * @param b the buffer; an obs-fold line is merged into the previous value in place
     * @param trusted whether forwarder headers ({@code SCRIPT_NAME}) survive {@code header_map}
     * @return true when it was the empty line that ends the section
     */
    boolean line(LineBuffer b, boolean trusted) throws HttpException {
        byte[] d = b.data;
        int s = b.lineStart;
        int e = b.lineEnd();
        if (s == e) {
            return true;
        }
        if (d[s] == ' ' || d[s] == '\t') {
            fold(b, s, e);
            return false;
        }
        if (lines >= config.limitRequestFields()) {
            throw new HttpException(HttpError.LIMIT_REQUEST_HEADERS, "too-many-fields");
        }
        lines++;
        fieldLength = e - s + 2;
        int hash = 0;
        boolean underscore = false;
        int i = s;
        for (; i < e; i++) {
            byte c = d[i];
            if (!ByteClass.TOKEN[c & 255]) {
                break;
            }
            underscore |= c == '_';
            hash = KnownHeaders.step(hash, c);
        }
        int nameEnd = i;
        if (config.stripHeaderSpaces()) {
            // Gunicorn's deprecated strip_header_spaces: "Name : value" is taken as "Name: value".
            i = ByteClass.skipWhitespace(d, i, e);
        }
        if (i == e || d[i] != ':') {
            throw nameError(d, nameEnd, e);
        }
        if (nameEnd == s) {
            throw new HttpException(HttpError.INVALID_HEADER, "empty-field-name");
        }
        int vs = ByteClass.skipWhitespace(d, i + 1, e);
        int ve = ByteClass.trimWhitespace(d, vs, e);
        checkValue(d, vs, ve);
        if (underscore && dropsUnderscore(d, s, nameEnd, trusted)) {
            lastDropped = true;
            return false;
        }
        lastDropped = false;
        add(s, nameEnd, vs, ve, underscore ? -1 : KnownHeaders.find(d, s, nameEnd, hash));
        return false;
    }

    private static HttpException nameError(byte[] d, int at, int e) {
        for (int k = at; k < e; k++) {
            if (d[k] == ':') {
                // RFC 9112 §5.1: no whitespace between name and colon; any non-token byte makes the name invalid.
                return new HttpException(HttpError.INVALID_HEADER_NAME,
                        d[at] == ' ' || d[at] == '\t' ? "whitespace-before-colon" : "invalid-field-name");
            }
        }
        return new HttpException(HttpError.INVALID_HEADER, "field-without-colon");
    }

    private static void checkValue(byte[] d, int s, int e) throws HttpException {
        if (!ByteClass.validValue(d, s, e)) {
            throw new HttpException(HttpError.INVALID_HEADER, "control-character-in-value");
        }
    }

    private boolean dropsUnderscore(byte[] d, int s, int e, boolean trusted) throws HttpException {
        if (trusted) {
            for (byte[] name : config.forwarderHeaders()) {
                if (ByteClass.equalsIgnoreCase(d, s, e, name)) {
                    return false;
                }
            }
        }
        return switch (config.headerMap()) {
            case DANGEROUS -> false;
            case DROP -> true;
            case REFUSE -> throw new HttpException(HttpError.INVALID_HEADER_NAME, "underscore-in-field-name");
        };
    }

    /** RFC 9112 §5.2: obs-fold is refused unless permitted; a permitted fold joins with one SP. */
    private void fold(LineBuffer b, int s, int e) throws HttpException {
        if (!config.permitObsoleteFolding()) {
            throw new HttpException(HttpError.OBSOLETE_FOLDING, "obs-fold");
        }
        if (lines == 0) {
            throw new HttpException(HttpError.INVALID_HEADER, "fold-before-first-field");
        }
        fieldLength += e - s + 2;
        if (fieldLength > config.limitRequestFieldSize()) {
            throw new HttpException(HttpError.LIMIT_REQUEST_HEADERS, "folded-field-too-long");
        }
        byte[] d = b.data;
        int cs = ByteClass.skipWhitespace(d, s, e);
        int ce = ByteClass.trimWhitespace(d, cs, e);
        checkValue(d, cs, ce);
        if (lastDropped) {
            b.len = s;
            return;
        }
        int last = count - 1;
        int at = valueEnd[last];
        if (at > valueStart[last] && ce > cs) {
            d[at++] = ' ';
        }
        System.arraycopy(d, cs, d, at, ce - cs);
        at += ce - cs;
        valueEnd[last] = at;
        b.len = at;
    }

    private void add(int ns, int ne, int vs, int ve, int id) {
        if (count == nameStart.length) {
            int n = count * 2;
            nameStart = Arrays.copyOf(nameStart, n);
            nameEnd = Arrays.copyOf(nameEnd, n);
            valueStart = Arrays.copyOf(valueStart, n);
            valueEnd = Arrays.copyOf(valueEnd, n);
            known = Arrays.copyOf(known, n);
        }
        nameStart[count] = ns;
        nameEnd[count] = ne;
        valueStart[count] = vs;
        valueEnd[count] = ve;
        known[count] = id;
        count++;
    }

    String name(byte[] d, int i) {
        int id = known[i];
        if (id >= 0 && KnownHeaders.exactCase(d, nameStart[i], id)) {
            return KnownHeaders.NAMES[id];
        }
        return new String(d, nameStart[i], nameEnd[i] - nameStart[i], StandardCharsets.ISO_8859_1);
    }

    String value(byte[] d, int i) {
        return new String(d, valueStart[i], valueEnd[i] - valueStart[i], StandardCharsets.ISO_8859_1);
    }
}
