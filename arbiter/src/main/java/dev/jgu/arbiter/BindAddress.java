package dev.jgu.arbiter;

import java.nio.file.Path;

/**
 * A {@code bind} value: {@code HOST:PORT}, {@code HOST} (port 8000), {@code [V6]:PORT},
 * {@code unix:PATH} or {@code fd://N}.
 *
 * @param kind what sort of socket
 * @param host TCP host (without brackets), else empty
 * @param port TCP port (0 = any free port), else 0
 * @param path the UNIX socket path, else null
 * @param fd the inherited fd for {@code fd://N}, else -1
 */
record BindAddress(Kind kind, String host, int port, Path path, int fd) {

    enum Kind { TCP, UNIX, FD }

    static BindAddress parse(String value) {
        String v = value.trim();
        if (v.startsWith("unix:")) {
            String p = v.substring(5);
            if (p.startsWith("//")) {
                p = p.substring(2);
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("bind: unix: needs a path, got " + value);
            }
            return new BindAddress(Kind.UNIX, "", 0, Path.of(p), -1);
        }
        if (v.startsWith("fd://")) {
            try {
                int fd = Integer.parseInt(v.substring(5));
                if (fd < 0) {
                    throw new NumberFormatException();
                }
                return new BindAddress(Kind.FD, "", 0, null, fd);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bind: fd:// needs a file descriptor number, got " + value, e);
            }
        }
        String host;
        String portText;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bind: unclosed [ in " + value + " (expected [V6]:PORT)");
            }
            host = v.substring(1, close);
            String rest = v.substring(close + 1);
            portText = rest.isEmpty() ? "8000" : rest.startsWith(":") ? rest.substring(1) : null;
            if (portText == null) {
                throw new IllegalArgumentException("bind: expected [V6]:PORT, got " + value);
            }
        } else {
            int colon = v.lastIndexOf(':');
            if (colon != v.indexOf(':')) {
                throw new IllegalArgumentException("bind: an IPv6 address needs brackets, as [::1]:8000, got " + value);
            }
            host = colon < 0 ? v : v.substring(0, colon);
            portText = colon < 0 ? "8000" : v.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("bind: missing host in " + value + " (expected HOST:PORT)");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bind: port must be a number 0..65535, got " + portText + " in " + value, e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bind: port must be 0..65535, got " + port + " in " + value);
        }
        return new BindAddress(Kind.TCP, host, port, null, -1);
    }

    boolean ipv6() {
        return kind == Kind.TCP && host.contains(":");
    }

    /** How the worker and the logs name this listener once bound (with the real port). */
    String display(int boundPort) {
        return switch (kind) {
            case UNIX -> "unix:" + path;
            case TCP -> (ipv6() ? "[" + host + "]" : host) + ":" + boundPort;
            case FD -> "fd://" + fd;
        };
    }
}
