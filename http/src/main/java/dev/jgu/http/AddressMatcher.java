package dev.jgu.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of trusted peers as Gunicorn's {@code forwarded_allow_ips} and {@code proxy_allow_ips}
 * spell it: IP literals, CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) and {@code *} for
 * everyone. IPv4-mapped IPv6 peers ({@code ::ffff:10.1.2.3}) match IPv4 entries.
 */
public final class AddressMatcher {

    private final boolean any;
    private final byte[][] networks;
    private final int[] prefixes;
    private final String text;

    private AddressMatcher(boolean any, byte[][] networks, int[] prefixes, String text) {
        this.any = any;
        this.networks = networks;
        this.prefixes = prefixes;
        this.text = text;
    }

    /**
     * @param setting the setting name, for error messages
     * @param items the list items
     * @return the matcher
     * @throws IllegalArgumentException when an item is neither {@code *}, an IP nor a CIDR block
     */
    public static AddressMatcher of(String setting, List<String> items) {
        boolean any = false;
        List<byte[]> nets = new ArrayList<>();
        List<Integer> bits = new ArrayList<>();
        for (String raw : items) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            if (item.equals("*")) {
                any = true;
                continue;
            }
            int slash = item.indexOf('/');
            byte[] addr = IpAddress.parse(slash < 0 ? item : item.substring(0, slash));
            int prefix = addr == null ? -1 : addr.length * 8;
            if (addr != null && slash >= 0) {
                prefix = parsePrefix(item.substring(slash + 1), addr.length * 8);
            }
            if (addr == null || prefix < 0) {
                throw new IllegalArgumentException(setting + ": expected an IP address, a CIDR block or *, got '"
                        + item + "'");
            }
            nets.add(addr);
            bits.add(prefix);
        }
        return new AddressMatcher(any, nets.toArray(new byte[0][]),
                bits.stream().mapToInt(Integer::intValue).toArray(), String.join(",", items));
    }

    private static int parsePrefix(String s, int max) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int p = Integer.parseInt(s);
        return p <= max ? p : -1;
    }

    /** @return whether every peer matches */
    public boolean matchesAny() {
        return any;
    }

    /**
     * @param address an IP literal
     * @return whether it is in the list; false for anything that is not an IP literal
     */
    public boolean matches(String address) {
        if (any) {
            return true;
        }
        byte[] a = IpAddress.parse(address);
        if (a == null) {
            return false;
        }
        byte[] v4 = a.length == 16 && IpAddress.isV4Mapped(a) ? java.util.Arrays.copyOfRange(a, 12, 16) : null;
        for (int i = 0; i < networks.length; i++) {
            if (inNetwork(a, networks[i], prefixes[i]) || (v4 != null && inNetwork(v4, networks[i], prefixes[i]))) {
                return true;
            }
        }
        return false;
    }

    private static boolean inNetwork(byte[] a, byte[] net, int prefix) {
        if (a.length != net.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != net[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (net[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
