package dev.jgu.http;

import java.nio.charset.StandardCharsets;

/**
 * Header names the codec recognises without creating a String: the ones with framing or
 * security meaning (first) and the ones browsers send on every request, so that their
 * names can be handed to the app as constants.
 */
final class KnownHeaders {

    static final int HOST = 0;
    static final int CONTENT_LENGTH = 1;
    static final int TRANSFER_ENCODING = 2;
    static final int CONTENT_TYPE = 3;
    static final int CONNECTION = 4;
    static final int EXPECT = 5;
    static final int TRAILER = 6;
    static final int TE = 7;
    static final int AUTHORIZATION = 8;

    static final String[] NAMES = {
        "Host", "Content-Length", "Transfer-Encoding", "Content-Type", "Connection", "Expect", "Trailer", "TE",
        "Authorization", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "User-Agent", "Cookie",
        "Referer", "Cache-Control", "Pragma", "Origin", "Upgrade", "Upgrade-Insecure-Requests",
        "If-Modified-Since", "If-None-Match", "If-Match", "Range", "DNT", "Priority", "Keep-Alive",
        "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "Sec-CH-UA", "Sec-CH-UA-Mobile",
        "Sec-CH-UA-Platform", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP",
        "X-Requested-With", "Forwarded", "Via", "Date", "Content-Encoding",
    };

    private static final byte[][] LOWER = new byte[NAMES.length][];
    private static final byte[][] EXACT = new byte[NAMES.length][];
    private static final int MASK = 255;
    private static final byte[] TABLE = new byte[MASK + 1];

    static {
        for (int id = 0; id < NAMES.length; id++) {
            EXACT[id] = NAMES[id].getBytes(StandardCharsets.US_ASCII);
            LOWER[id] = NAMES[id].toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            int h = 0;
            for (byte b : EXACT[id]) {
                h = step(h, b);
            }
            int slot = spread(h);
            while (TABLE[slot] != 0) {
                slot = (slot + 1) & MASK;
            }
            TABLE[slot] = (byte) (id + 1);
        }
    }

    private KnownHeaders() {
    }

    /** One step of the case-insensitive name hash; valid for token bytes only. */
    static int step(int h, byte b) {
        return 31 * h + (b | 0x20);
    }

    private static int spread(int h) {
        return (h ^ (h >>> 8) ^ (h >>> 16)) & MASK;
    }

    /**
     * @param a bytes holding a validated token
     * @param s its start
     * @param e its end
     * @param hash the {@link #step} hash of those bytes
     * @return the id of the known name it spells in any case, or -1
     */
    static int find(byte[] a, int s, int e, int hash) {
        int slot = spread(hash);
        int n = e - s;
        for (int id; (id = TABLE[slot] - 1) >= 0; slot = (slot + 1) & MASK) {
            byte[] lower = LOWER[id];
            if (lower.length == n && matchesLower(a, s, lower)) {
                return id;
            }
        }
        return -1;
    }

    private static boolean matchesLower(byte[] a, int s, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if ((a[s + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the bytes spell known name {@code id} with its usual capitalisation */
    static boolean exactCase(byte[] a, int s, int id) {
        byte[] exact = EXACT[id];
        return java.util.Arrays.equals(a, s, s + exact.length, exact, 0, exact.length);
    }
}
