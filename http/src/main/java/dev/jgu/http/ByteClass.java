package dev.jgu.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte classes of RFC 9110 §5.6.2 (tchar) and §5.5 (field-vchar, obs-text), as lookup tables,
 * and word-at-a-time scans over them: eight bytes per step with the "has a byte less than n"
 * bit trick, falling back to the tables only for a word that may hold a byte of interest.
 */
final class ByteClass {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = ONES * '\n';
    private static final long DELS = ONES * 0x7f;

    /** tchar: {@code !#$%&'*+-.^_`|~}, DIGIT, ALPHA. */
    static final boolean[] TOKEN = new boolean[256];
    /** Allowed inside a field value: HTAB, SP, VCHAR, obs-text. Every other CTL is refused (Gunicorn 26). */
    static final boolean[] FIELD_VALUE = new boolean[256];
    /** Allowed in a request-target: VCHAR and obs-text (raw UTF-8 is seen in the wild; see {@link #ascii}). */
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

    /** @return a word with the high bit set in each byte that is below {@code n} (exact when none is), n &lt;= 128 */
    private static long below(long x, long n) {
        return (x - ONES * n) & ~x & HIGHS;
    }

    /** @return the index of the first LF in [from, to), or {@code to} */
    static int indexOfLf(byte[] a, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long hits = below((long) LONGS.get(a, i) ^ LFS, 1);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        while (i < to && a[i] != '\n') {
            i++;
        }
        return i;
    }

    /** @return whether every byte of [s, e) may appear in a field value (no CTL but HTAB) */
    static boolean validValue(byte[] a, int s, int e) {
        return scan(a, s, e, FIELD_VALUE, 0x20);
    }

    /** @return whether every byte of [s, e) may appear in a request-target (no CTL, no SP) */
    static boolean validTarget(byte[] a, int s, int e) {
        return scan(a, s, e, TARGET, 0x21);
    }

    /** @return whether every byte of [s, e) is US-ASCII (below 0x80) */
    static boolean ascii(byte[] a, int s, int e) {
        int i = s;
        for (; i + 8 <= e; i += 8) {
            if (((long) LONGS.get(a, i) & HIGHS) != 0) {
                return false;
            }
        }
        for (; i < e; i++) {
            if (a[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean scan(byte[] a, int s, int e, boolean[] table, int lowest) {
        int i = s;
        for (; i + 8 <= e; i += 8) {
            long x = (long) LONGS.get(a, i);
            if ((below(x, lowest) | below(x ^ DELS, 1)) != 0 && !scanBytes(a, i, i + 8, table)) {
                return false;
            }
        }
        return scanBytes(a, i, e, table);
    }

    private static boolean scanBytes(byte[] a, int s, int e, boolean[] table) {
        for (int i = s; i < e; i++) {
            if (!table[a[i] & 255]) {
                return false;
            }
        }
        return true;
    }

    /** @return the index of {@code b} in {@code a[s..e)}, or {@code e} when absent */
    static int indexOf(byte[] a, int s, int e, byte b) {
        int i = s;
        while (i < e && a[i] != b) {
            i++;
        }
        return i;
    }

    /** @return the first index in {@code a[s..e)} that is not SP or HTAB, or {@code e} */
    static int skipWhitespace(byte[] a, int s, int e) {
        int i = s;
        while (i < e && (a[i] == ' ' || a[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** @return the end of {@code a[s..e)} without its trailing SP and HTAB (RFC 9110 §5.5 OWS) */
    static int trimWhitespace(byte[] a, int s, int e) {
        int i = e;
        while (i > s && (a[i - 1] == ' ' || a[i - 1] == '\t')) {
            i--;
        }
        return i;
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
