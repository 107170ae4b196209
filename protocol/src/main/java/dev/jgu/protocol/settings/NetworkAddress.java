package dev.jgu.protocol.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The address forms settings accept, checked and put in one canonical form.
 * Nothing here resolves a name: validating a config must not wait on DNS.
 */
final class NetworkAddress {

    static final String BIND_FORMS = "expected HOST, HOST:PORT, [IPV6]:PORT, unix:PATH or fd://N";

    /** Gunicorn's port when {@code bind} names a host alone. */
    static final int DEFAULT_PORT = 8000;

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private NetworkAddress() {
    }

    /**
     * A {@code bind} item: {@code HOST} gets port 8000 as in Gunicorn,
     * {@code unix://PATH} becomes {@code unix:PATH}.
     */
    static String bind(String text) throws BadValue {
        String v = text.trim();
        if (v.startsWith("unix:")) {
            return unix(v, text);
        }
        if (v.startsWith("fd://")) {
            if (!v.substring(5).matches("[0-9]{1,9}")) {
                throw new BadValue("expected a file descriptor number after fd://", TomlText.string(text));
            }
            return "fd://" + Integer.parseInt(v.substring(5));
        }
        return hostPort(text, DEFAULT_PORT, BIND_FORMS);
    }

    /** {@code HOST[:PORT]} or {@code [IPV6][:PORT]}, with {@code defaultPort} filled in. */
    static String hostPort(String text, int defaultPort, String forms) throws BadValue {
        String v = text.trim();
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            String rest = close < 0 ? "" : v.substring(close + 1);
            if (close < 0 || !(rest.isEmpty() || rest.startsWith(":")) || !isIpv6(v.substring(1, close))) {
                throw new BadValue(forms, TomlText.string(text));
            }
            host = v.substring(0, close + 1);
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = v.indexOf(':');
            if (colon != v.lastIndexOf(':')) {
                throw new BadValue("an IPv6 address needs brackets, as [::1]:8000", TomlText.string(text));
            }
            host = colon < 0 ? v : v.substring(0, colon);
            port = colon < 0 ? null : v.substring(colon + 1);
            if (!HOST_NAME.matcher(host).matches()) {
                throw new BadValue(forms, TomlText.string(text));
            }
        }
        if (port == null) {
            return host + ":" + defaultPort;
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw new BadValue("expected a port between 0 and 65535", TomlText.string(text));
        }
        return host + ":" + Integer.parseInt(port);
    }

    /** An item of {@code forwarded_allow_ips} or {@code proxy_allow_ips}: {@code *}, an IP, or a CIDR block. */
    static String ipOrNetwork(String text) throws BadValue {
        String v = text.trim();
        if (v.equals("*")) {
            return v;
        }
        int slash = v.indexOf('/');
        String ip = slash < 0 ? v : v.substring(0, slash);
        boolean v4 = IPV4.matcher(ip).matches();
        if (!v4 && !isIpv6(ip)) {
            throw new BadValue("expected *, an IP address or a CIDR block such as 10.0.0.0/8", TomlText.string(text));
        }
        if (slash >= 0) {
            String bits = v.substring(slash + 1);
            int max = v4 ? 32 : 128;
            if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > max) {
                throw new BadValue("expected a prefix length between 0 and " + max, TomlText.string(text));
            }
        }
        return v;
    }

    /** {@code unix:PATH} or {@code unix://PATH}, as {@code unix:PATH}. */
    private static String unix(String v, String text) throws BadValue {
        String path = v.startsWith("unix://") ? v.substring(7) : v.substring(5);
        if (path.isEmpty()) {
            throw new BadValue("expected a socket path after unix:", TomlText.string(text));
        }
        return "unix:" + path;
    }

    /** {@code metrics_bind}: {@code HOST:PORT}, {@code [IPV6]:PORT} (the port is required) or {@code unix:PATH}. */
    static String metrics(String text) throws BadValue {
        String v = text.trim();
        String forms = "expected HOST:PORT, [IPV6]:PORT or unix:PATH";
        if (v.startsWith("unix:")) {
            return unix(v, text);
        }
        boolean port = v.startsWith("[") ? v.contains("]:") : v.contains(":");
        if (!port) {
            throw new BadValue(forms + " (a port is required; 0 takes any free one)", TomlText.string(text));
        }
        return hostPort(v, 0, forms);
    }

    /** {@code statsd_host}: {@code HOST:PORT} (port 8125 when absent) or {@code unix:PATH}. */
    static String statsd(String text) throws BadValue {
        String v = text.trim();
        if (v.startsWith("unix:")) {
            return unix(v, text);
        }
        return hostPort(v, 8125, "expected HOST:PORT or unix:PATH");
    }

    /** {@code syslog_addr}: {@code udp://HOST:PORT}, {@code tcp://HOST:PORT} or {@code unix://PATH[#dgram|#stream]}. */
    static String syslog(String text) throws BadValue {
        String v = text.trim();
        String forms = "expected udp://HOST:PORT, tcp://HOST:PORT or unix://PATH[#dgram|#stream]";
        if (v.startsWith("unix://")) {
            String path = v.substring(7).replaceFirst("#(dgram|stream)$", "");
            if (path.isEmpty() || path.contains("#")) {
                throw new BadValue(forms, TomlText.string(text));
            }
            return v;
        }
        if (v.startsWith("udp://") || v.startsWith("tcp://")) {
            return v.substring(0, 6) + hostPort(v.substring(6), 514, forms);
        }
        throw new BadValue(forms, TomlText.string(text));
    }

    /**
     * An IPv6 literal without brackets or scope. The JDK parses a text with a
     * colon as a literal and never looks it up, as long as it starts with a hex
     * digit or a colon: the character check guarantees both.
     */
    static boolean isIpv6(String text) {
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
