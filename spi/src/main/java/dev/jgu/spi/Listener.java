package dev.jgu.spi;

import java.nio.channels.ServerSocketChannel;

/**
 * One listening socket the worker inherited from the arbiter.
 *
 * @param channel the socket, in blocking mode; a worker class may change that
 * @param address how the operator named it: {@code 127.0.0.1:8000}, {@code [::1]:8000} or {@code unix:/run/app.sock}
 * @param unix whether it is a UNIX-domain socket (its peers count as trusted proxies)
 * @param host the host part for TCP, empty for UNIX
 * @param port the port for TCP, 0 for UNIX
 */
public record Listener(ServerSocketChannel channel, String address, boolean unix, String host, int port) {
}
