package dev.jgu.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HAProxy's PROXY protocol (https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt):
 * the text v1 line, and an incremental decoder for the binary v2 header.
 */
final class ProxyHeader {

    /** The v2 signature, §2.2. It starts with CRLF CRLF, so it can never be a valid request line. */
    static final byte[] V2_SIGNATURE = {13, 10, 13, 10, 0, 13, 10, 'Q', 'U', 'I', 'T', 10};
    private static final int V2_FIXED = 16;
    private static final int V2_KEPT = 36;

    static final int NOT_V2 = -1;
    static final int MORE = 0;
    static final int DONE = 1;

    private final byte[] v2 = new byte[V2_FIXED + V2_KEPT];
    private int got;
    private int total;
    private ProxyInfo result;

    void reset() {
        got = 0;
        total = V2_FIXED;
        result = null;
    }

    /** @return how many signature bytes were taken before {@link #NOT_V2} (they belong to the request) */
    int matched() {
        return got;
    }

    /** @return the decoded v2 header, or null for a LOCAL command or an unspecified family */
    ProxyInfo result() {
        return result;
    }

    /**
     * Feeds bytes while they can still be a v2 header.
     *
     * @return {@link #NOT_V2} when the input does not start with the signature (the bytes that did
     *     match, {@link #matched()} of them, were consumed), {@link #MORE} or {@link #DONE}
     */
    int readV2(ByteBuffer in) throws HttpException {
        while (got < V2_SIGNATURE.length) {
            if (!in.hasRemaining()) {
                return MORE;
            }
            if (in.get(in.position()) != V2_SIGNATURE[got]) {
                return NOT_V2;
            }
            v2[got++] = in.get();
        }
        while (got < total) {
            if (!in.hasRemaining()) {
                return MORE;
            }
            byte b = in.get();
            if (got < v2.length) {
                v2[got] = b;
            }
            got++;
            if (got == V2_FIXED) {
                total = V2_FIXED + ((v2[14] & 255) << 8 | (v2[15] & 255));
            }
        }
        result = decodeV2();
        return DONE;
    }

    private ProxyInfo decodeV2() throws HttpException {
        int version = (v2[12] & 255) >> 4;
        int command = v2[12] & 15;
        int family = (v2[13] & 255) >> 4;
        int transport = v2[13] & 15;
        if (version != 2) {
            throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v2-version");
        }
        if (command == 0) {
            return null;
        }
        if (command != 1) {
            throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v2-command");
        }
        if (family == 0) {
            return null;
        }
        if (transport != 1 || (family != 1 && family != 2)) {
            throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v2-not-tcp");
        }
        int addrLen = family == 1 ? 4 : 16;
        if (total - V2_FIXED < addrLen * 2 + 4) {
            throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v2-short-address");
        }
        int p = V2_FIXED;
        String src = IpAddress.format(java.util.Arrays.copyOfRange(v2, p, p + addrLen));
        String dst = IpAddress.format(java.util.Arrays.copyOfRange(v2, p + addrLen, p + 2 * addrLen));
        p += 2 * addrLen;
        int srcPort = (v2[p] & 255) << 8 | (v2[p + 1] & 255);
        int dstPort = (v2[p + 2] & 255) << 8 | (v2[p + 3] & 255);
        return new ProxyInfo(family == 1 ? "TCP4" : "TCP6", src, srcPort, dst, dstPort);
    }

    /** @return whether the line [s, e) is a v1 header ("PROXY" prefix, as Gunicorn tests it) */
    static boolean isV1(byte[] d, int s, int e) {
        return e - s >= 5 && d[s] == 'P' && d[s + 1] == 'R' && d[s + 2] == 'O' && d[s + 3] == 'X' && d[s + 4] == 'Y';
    }

    /** Parses {@code PROXY TCP4|TCP6 SRC DST SPORT DPORT}: six fields, validated addresses and ports. */
    static ProxyInfo parseV1(byte[] d, int s, int e) throws HttpException {
        String[] bits = new String(d, s, e - s, StandardCharsets.ISO_8859_1).trim().split("[ \t]+");
        if (bits.length != 6 || !bits[0].equals("PROXY")) {
            throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v1-field-count");
        }
        int addrLen = switch (bits[1]) {
            case "TCP4" -> 4;
            case "TCP6" -> 16;
            default -> throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v1-protocol");
        };
        byte[] src = IpAddress.parse(bits[2]);
        byte[] dst = IpAddress.parse(bits[3]);
        if (src == null || dst == null || src.length != addrLen || dst.length != addrLen
                || bits[2].indexOf('%') >= 0 || bits[3].indexOf('%') >= 0) {
            throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v1-address");
        }
        return new ProxyInfo(bits[1], bits[2], port(bits[4]), bits[3], port(bits[5]));
    }

    private static int port(String s) throws HttpException {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v1-port");
        }
        int p = Integer.parseInt(s);
        if (p > 65535) {
            throw new HttpException(HttpError.INVALID_PROXY_LINE, "proxy-v1-port");
        }
        return p;
    }
}
