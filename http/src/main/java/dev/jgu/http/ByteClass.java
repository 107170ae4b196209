package dev.jgu.http;

/** Byte classes of RFC 9110 §5.6.2 (tchar) and §5.5 (field-vchar, obs-text), as lookup tables. */
final class ByteClass {

    /** tchar: {@code !#$%&'*+-.^_`|~}, DIGIT, ALPHA. */
    static final boolean[] TOKEN = new boolean[256];
    /** Allowed inside a field value: HTAB, SP, VCHAR, obs-text. Every other CTL is refused (Gunicorn 26). */
    static final boolean[] FIELD_VALUE = new boolean[256];
    /** Allowed in a request-target: VCHAR and obs-text (raw UTF-8 is seen in the wild and kept). */
    static final boolean[] TARGET = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        for (int c = 0; c < 256; c++) {
            boolean ctl = c < 0x20 || c == 0x7f;
            FIELD_VALUE[c] = !ctl || c == '\t';
            TARGET[c] = !ctl && c != ' ';
        }
    }

    private ByteClass() {
    }

    static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int l = b | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    static boolean equalsIgnoreCase(byte[] a, int s, int e, byte[] upper) {
        if (e - s != upper.length) {
            return false;
        }
        for (int i = 0; i < upper.length; i++) {
            byte b = a[s + i];
            if (b >= 'a' && b <= 'z') {
                b -= 32;
            }
            if (b != upper[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean equals(byte[] a, int s, int e, byte[] b) {
        return java.util.Arrays.equals(a, s, e, b, 0, b.length);
    }
}
