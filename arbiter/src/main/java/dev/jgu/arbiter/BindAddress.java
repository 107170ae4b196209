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

    /**
     * Splits a {@code bind} value the settings registry already validated and put in
     * its canonical form ({@code HOST:PORT}, {@code [V6]:PORT}, {@code unix:PATH}, {@code fd://N}).
     */
    static BindAddress parse(String canonical) {
        if (canonical.startsWith("unix:")) {
            return new BindAddress(Kind.UNIX, "", 0, Path.of(canonical.substring(5)), -1);
        }
        if (canonical.startsWith("fd://")) {
            return new BindAddress(Kind.FD, "", 0, null, Integer.parseInt(canonical.substring(5)));
        }
        int colon = canonical.lastIndexOf(':');
        String host = canonical.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new BindAddress(Kind.TCP, host, Integer.parseInt(canonical.substring(colon + 1)), null, -1);
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
