package dev.jgu.http;

/**
 * Strict IP literal parsing and formatting, without the resolver: {@code InetAddress.getByName}
 * would send anything that is not a literal to DNS, which must never happen on the request path.
 * Accepts what {@code inet_pton} accepts (no leading zeros in IPv4 parts).
 */
final class IpAddress {

    private IpAddress() {
    }

    /**
     * @param text an IPv4 or IPv6 literal; an IPv6 zone ({@code %eth0}) is ignored
     * @return 4 or 16 bytes, or {@code null} when {@code text} is not a literal
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseV6(stripZone(text)) : parseV4(text, 0, text.length());
    }

    static byte[] parseV4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parseV6(String s) {
        byte[] out = new byte[16];
        int n = s.length();
        int gap = -1;
        int pos = 0;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) {
                return out;
            }
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < n) {
            if (pos >= 16) {
                return null;
            }
            int dot = s.indexOf('.', i);
            int colon = s.indexOf(':', i);
            if (dot >= 0 && (colon < 0 || dot < colon)) {
                byte[] v4 = pos <= 12 ? parseV4(s, i, n) : null;
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, pos, 4);
                pos += 4;
                break;
            }
            int end = colon < 0 ? n : colon;
            int digits = end - i;
            if (digits < 1 || digits > 4) {
                return null;
            }
            int value = 0;
            for (int k = i; k < end; k++) {
                int d = Character.digit(s.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                value = value << 4 | d;
            }
            out[pos++] = (byte) (value >> 8);
            out[pos++] = (byte) value;
            if (end == n) {
                break;
            }
            i = end + 1;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = pos;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null;
            }
        }
        if (gap < 0) {
            return pos == 16 ? out : null;
        }
        if (pos == 16) {
            return null;
        }
        int tail = pos - gap;
        System.arraycopy(out, gap, out, 16 - tail, tail);
        java.util.Arrays.fill(out, gap, 16 - tail, (byte) 0);
        return out;
    }

    private static String stripZone(String s) {
        int pct = s.indexOf('%');
        return pct < 0 ? s : s.substring(0, pct);
    }

    /**
     * @param a 4 or 16 bytes
     * @return dotted IPv4, or IPv6 in the RFC 5952 form ({@code ::1}, {@code 2001:db8::2})
     */
    static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 255) + "." + (a[1] & 255) + "." + (a[2] & 255) + "." + (a[3] & 255);
        }
        if (isV4Mapped(a)) {
            // RFC 5952 §5: mapped IPv4 addresses keep their dotted tail.
            return "::ffff:" + format(java.util.Arrays.copyOfRange(a, 12, 16));
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int g = 0; g < 8; ) {
            if (group(a, g) != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && group(a, g) == 0) {
                g++;
            }
            if (g - start > bestLen) {
                bestStart = start;
                bestLen = g - start;
            }
        }
        StringBuilder sb = new StringBuilder(40);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(a, g)));
        }
        return sb.toString();
    }

    static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static int group(byte[] a, int g) {
        return (a[2 * g] & 255) << 8 | (a[2 * g + 1] & 255);
    }
}
