package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgu.spi.Listener;
import dev.jgu.spi.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default transport and connection info over real sockets (loopback TCP and a UNIX socket). */
class SocketTransportTest {

    private static String readAll(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        while (client.read(buf) >= 0) {
            if (!buf.hasRemaining()) {
                break;
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void servesAFileOverTcpWithSendfile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("page.html");
        Files.writeString(file, "<p>" + "y".repeat(50_000) + "</p>");
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Listener listener = new Listener(server, "127.0.0.1:" + port, false, "127.0.0.1", port);
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                ConnectionInfo info = ConnectionInfo.of(accepted, listener);
                assertEquals("127.0.0.1", info.remoteAddress());
                assertEquals(port, info.serverPort());
                assertFalse(info.unix());
                Http1Connection c = new Http1Connection(Transport.of(accepted), info, HttpConfig.defaults(),
                        req -> Response.of(200).file(file), new RecordingLog(), RequestObserver.NONE);
                assertFalse(c.serveOne(true));
                accepted.shutdownOutput();
                String response = readAll(client);
                assertTrue(response.startsWith("HTTP/1.0 200 OK\r\n"), response);
                assertTrue(response.endsWith(Files.readString(file)), "whole file sent");
            }
        }
    }

    @Test
    void describesUnixPeersAsTrusted(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Listener listener = new Listener(server, "unix:" + socket, true, "", 0);
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                    SocketChannel accepted = server.accept()) {
                ConnectionInfo info = ConnectionInfo.of(accepted, listener);
                assertEquals(new ConnectionInfo("", 0, "localhost", 0, true), info);
                assertTrue(HttpConfig.defaults().trustsForwarded(info));
                assertTrue(client.isConnected());
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aHeadTricklingOverABlockingSocketGets408AtHeaderTimeout() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Listener listener = new Listener(server, "127.0.0.1:" + port, false, "127.0.0.1", port);
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII)));
                HttpConfig config = HttpConfig.builder().headerTimeout(java.time.Duration.ofMillis(300)).build();
                Http1Connection c = new Http1Connection(Transport.of(accepted), ConnectionInfo.of(accepted, listener), config,
                        req -> Response.text(200, "never"), new RecordingLog(), RequestObserver.NONE);
                long from = System.nanoTime();
                assertFalse(c.serveOne(true));
                long millis = (System.nanoTime() - from) / 1_000_000;
                assertTrue(millis >= 250 && millis < 3000, "waited " + millis + " ms for a 300 ms header_timeout");
                assertTrue(accepted.isBlocking(), "the channel is blocking again after the bounded wait");
                accepted.shutdownOutput();
                assertTrue(readAll(client).startsWith("HTTP/1.1 408 Request Timeout\r\n"));
            }
        }
    }
}
