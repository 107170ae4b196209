package dev.jgu.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyslogSenderTest {

    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void udpSendsOneDatagramALineWithFacilityAndSeverityInPri() throws IOException {
        try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            SyslogSender sender = SyslogSender.start("udp://127.0.0.1:" + port, "jgu.shop.error", "local0");
            try {
                sender.send(Level.ERROR, "worker failed: worker=1");
                sender.send(Level.INFO, "booted\nworker");
                // local0 = 16: ERROR (3) -> 131, INFO (6) -> 134
                assertEquals("<131>jgu.shop.error: [" + PID + "] worker failed: worker=1", receive(server));
                assertEquals("<134>jgu.shop.error: [" + PID + "] booted worker", receive(server));
            } finally {
                sender.close();
            }
        }
    }

    @Test
    void tcpUsesOctetCountedFrames() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            SyslogSender sender = SyslogSender.start("tcp://127.0.0.1:" + port, "jgu.error", "user");
            try {
                sender.send(Level.WARNING, "héllo");
                sender.send(Level.CRITICAL, "down");
                try (SocketChannel client = server.accept(); InputStream in = Channels.newInputStream(client)) {
                    String first = "<12>jgu.error: [" + PID + "] héllo";
                    String second = "<10>jgu.error: [" + PID + "] down";
                    assertEquals(first.getBytes(StandardCharsets.UTF_8).length + " " + first, readFrame(in));
                    assertEquals(second.getBytes(StandardCharsets.UTF_8).length + " " + second, readFrame(in));
                }
            } finally {
                sender.close();
            }
        }
    }

    @Test
    void unixStreamSocket() throws IOException {
        Path path = dir.resolve("syslog.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path))) {
            SyslogSender sender = SyslogSender.start("unix://" + path + "#stream", "jgu.error", "daemon");
            try {
                sender.send(Level.INFO, "hi");
                try (SocketChannel client = server.accept(); InputStream in = Channels.newInputStream(client)) {
                    String entry = "<30>jgu.error: [" + PID + "] hi";
                    assertEquals(entry.length() + " " + entry, readFrame(in));
                }
            } finally {
                sender.close();
            }
        }
    }

    @Test
    void aSyslogThatIsGoneDropsLinesAndNeverBlocksTheLogger() throws IOException, InterruptedException {
        int port;
        try (ServerSocketChannel closed = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) closed.getLocalAddress()).getPort();
        }
        SyslogSender sender = SyslogSender.start("tcp://127.0.0.1:" + port, "jgu.error", "user");
        try {
            for (int i = 0; i < 10_000; i++) {
                sender.send(Level.INFO, "line " + i);
            }
            // the queue holds 4096: the rest were dropped at once, by the logging thread itself
            assertTrue(sender.dropped() >= 10_000 - 4096, "dropped=" + sender.dropped());
        } finally {
            sender.close();
        }
    }

    @Test
    void longLinesAreCutAndBadAddressesNameTheSetting() {
        SyslogSender sender = SyslogSender.parse("udp://127.0.0.1:514", "jgu.error", "user");
        assertEquals(SyslogSender.MAX_MESSAGE, sender.entry(Level.INFO, "x".repeat(20_000)).length);
        IllegalArgumentException dgram = assertThrows(IllegalArgumentException.class,
                () -> SyslogSender.parse("unix:///dev/log#dgram", "t", "user"));
        assertTrue(dgram.getMessage().startsWith("syslog_addr: "), dgram.getMessage());
        IllegalArgumentException facility = assertThrows(IllegalArgumentException.class,
                () -> SyslogSender.parse("udp://127.0.0.1:514", "t", "local9"));
        assertTrue(facility.getMessage().startsWith("syslog_facility: "), facility.getMessage());
    }

    private static String receive(DatagramChannel server) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(9000);
        server.receive(buffer);
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    private static String readFrame(InputStream in) throws IOException {
        StringBuilder length = new StringBuilder();
        int c;
        while ((c = in.read()) != ' ') {
            if (c < 0) {
                throw new IOException("end of stream in a frame length");
            }
            length.append((char) c);
        }
        byte[] entry = in.readNBytes(Integer.parseInt(length.toString()));
        return length + " " + new String(entry, StandardCharsets.UTF_8);
    }
}
