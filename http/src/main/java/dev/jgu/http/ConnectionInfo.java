package dev.jgu.http;

import dev.jgu.spi.Listener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Who is on the other end of a connection, and where it came in.
 *
 * @param remoteAddress the peer's IP literal; empty on a UNIX socket
 * @param remotePort the peer's port; 0 on a UNIX socket
 * @param serverName the local address the connection arrived on (the fallback when a request has no Host)
 * @param serverPort the local port; 0 on a UNIX socket
 * @param unix whether it is a UNIX-domain connection (its peers count as trusted proxies)
 */
public record ConnectionInfo(String remoteAddress, int remotePort, String serverName, int serverPort, boolean unix) {

    /**
     * Describes an accepted connection.
     *
     * @param accepted the accepted socket
     * @param listener the listener it came from
     * @return the description; UNIX peers get {@code ("", 0, "localhost", 0, true)}
     */
    public static ConnectionInfo of(SocketChannel accepted, Listener listener) {
        try {
            if (listener.unix() || !(accepted.getRemoteAddress() instanceof InetSocketAddress)) {
                return new ConnectionInfo("", 0, "localhost", 0, true);
            }
            InetSocketAddress remote = (InetSocketAddress) accepted.getRemoteAddress();
            SocketAddress local = accepted.getLocalAddress();
            String serverName = listener.host();
            int serverPort = listener.port();
            if (local instanceof InetSocketAddress l) {
                serverName = literal(l);
                serverPort = l.getPort();
            }
            return new ConnectionInfo(literal(remote), remote.getPort(), serverName, serverPort, false);
        } catch (IOException e) {
            throw new UncheckedIOException("connection info: " + e.getMessage(), e);
        }
    }

    private static String literal(InetSocketAddress a) {
        if (a.getAddress() == null) {
            return a.getHostString();
        }
        return IpAddress.format(a.getAddress().getAddress());
    }
}
