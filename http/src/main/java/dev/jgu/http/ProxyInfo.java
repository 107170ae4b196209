package dev.jgu.http;

/**
 * What a PROXY protocol header said about the real client.
 *
 * @param protocol {@code TCP4} or {@code TCP6}
 * @param clientAddress the client's address (becomes {@code REMOTE_ADDR})
 * @param clientPort the client's port
 * @param proxyAddress the address the client connected to at the proxy ({@code PROXY_ADDR})
 * @param proxyPort that port ({@code PROXY_PORT})
 */
public record ProxyInfo(String protocol, String clientAddress, int clientPort, String proxyAddress, int proxyPort) {
}
