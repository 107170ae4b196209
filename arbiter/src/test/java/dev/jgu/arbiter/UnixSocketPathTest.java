package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the arbiter does with a file already at a {@code unix:} bind path, before binding. */
class UnixSocketPathTest {

    @TempDir
    Path dir;

    @Test
    void refusesASymlinkAtTheSocketPathNamingItsTarget() throws IOException {
        Path target = dir.resolve("elsewhere.sock");
        Path path = Files.createSymbolicLink(dir.resolve("jgu.sock"), target);
        IOException e = assertThrows(IOException.class, () -> ListenerSocket.removeStaleSocket(path));
        assertEquals("bind unix:" + path + ": " + path + " is a symbolic link (to " + target
                + "); refusing to follow or remove it (remove it, or bind another path)", e.getMessage());
        assertTrue(Files.isSymbolicLink(path), "the link is left for the operator to look at");
    }

    @Test
    void refusesASymlinkToALiveSocketWithoutConnectingThroughIt() throws IOException {
        Path target = dir.resolve("other.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(target));
            Path path = Files.createSymbolicLink(dir.resolve("jgu.sock"), target);
            IOException e = assertThrows(IOException.class, () -> ListenerSocket.removeStaleSocket(path));
            assertTrue(e.getMessage().contains("is a symbolic link (to " + target + ")"), e.getMessage());
            assertTrue(Files.exists(target), "the other server's socket is untouched");
        }
    }

    @Test
    void removesAStaleSocketFileNobodyListensOn() throws IOException {
        Path path = dir.resolve("jgu.sock");
        ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        gone.bind(UnixDomainSocketAddress.of(path));
        gone.close();
        assertTrue(Files.exists(path), "closing a UNIX listener leaves its file");
        ListenerSocket.removeStaleSocket(path);
        assertFalse(Files.exists(path));
    }

    @Test
    void refusesAPathWhereAnotherServerListens() throws IOException {
        Path path = dir.resolve("jgu.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(path));
            IOException e = assertThrows(IOException.class, () -> ListenerSocket.removeStaleSocket(path));
            assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
        }
    }

    @Test
    void refusesARegularFileAtThePath() throws IOException {
        Path path = Files.writeString(dir.resolve("jgu.sock"), "data");
        IOException e = assertThrows(IOException.class, () -> ListenerSocket.removeStaleSocket(path));
        assertTrue(e.getMessage().contains("exists and is not a socket"), e.getMessage());
        assertEquals("data", Files.readString(path));
    }
}
