package dev.jgu.arbiter;

import dev.jgu.protocol.InheritedFds;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A listening socket the arbiter bound and keeps for its whole life (across
 * reloads), with the fd number handed to workers.
 *
 * @param channel the JDK channel that owns the socket
 * @param display how workers and logs name it, with the real port
 * @param spawnFd a close-on-exec duplicate at or above {@link Posix#HIGH_FD}, passed to workers
 * @param ownedPath the UNIX socket file this arbiter removes at exit, or null (TCP, systemd's, fd://)
 */
record ListenerSocket(ServerSocketChannel channel, String display, int spawnFd, Path ownedPath) {

    /**
     * Binds one {@code bind} address.
     *
     * @param umask the {@code umask} setting: a UNIX socket file is created under it (as Gunicorn
     *              does; the default 0 lets a proxy running as another user connect)
     */
    static ListenerSocket bind(BindAddress address, int backlog, int umask, Posix posix) throws IOException {
        if (address.kind() == BindAddress.Kind.FD) {
            return adopt(address.fd(), false, posix);
        }
        ServerSocketChannel ch;
        if (address.kind() == BindAddress.Kind.UNIX) {
            // The umask is process-wide; only the loop thread creates files while it is changed.
            int previous = posix.umask(umask);
            try {
                ch = bindUnix(address.path(), backlog);
            } finally {
                posix.umask(previous);
            }
        } else {
            ch = bindTcp(address, backlog);
        }
        int port = ch.getLocalAddress() instanceof InetSocketAddress inet ? inet.getPort() : 0;
        return new ListenerSocket(ch, address.display(port), posix.dupHigh(fdOf(ch)),
                address.kind() == BindAddress.Kind.UNIX ? address.path() : null);
    }

    /**
     * Takes over a listening socket this process inherited (systemd, {@code fd://N},
     * or a USR2 parent).
     *
     * @param ownsPath whether a UNIX socket file becomes ours to remove at exit
     */
    static ListenerSocket adopt(int fd, boolean ownsPath, Posix posix) throws IOException {
        ServerSocketChannel ch = InheritedFds.serverChannel(fd, familyOfFd(fd));
        Path path = ch.getLocalAddress() instanceof UnixDomainSocketAddress unix ? unix.getPath() : null;
        return new ListenerSocket(ch, describe(ch), posix.dupHigh(fd), ownsPath ? path : null);
    }

    static ServerSocketChannel bindTcp(BindAddress address, int backlog) throws IOException {
        InetAddress host = InetAddress.getByName(address.host());
        ServerSocketChannel ch = ServerSocketChannel.open(address.ipv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(host, address.port()), backlog);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException("bind " + address.display(address.port()) + ": " + e.getMessage(), e);
        }
    }

    static ServerSocketChannel bindUnix(Path path, int backlog) throws IOException {
        removeStaleSocket(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path), backlog);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException("bind unix:" + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * A socket file nobody listens on is left over from a crash: remove it, as Gunicorn does. A
     * symbolic link there is refused before anything touches it: in a directory others may write
     * to, it could point the probe at another server's socket, and an arbiter running as root must
     * not be steered by it. (The remaining race is harmless: {@code unlink} removes a link planted
     * since, never its target, and {@code bind} fails on any file at the path.)
     */
    static void removeStaleSocket(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException("bind unix:" + path + ": " + path + " is a symbolic link (to " + Files.readSymbolicLink(path)
                    + "); refusing to follow or remove it (remove it, or bind another path)");
        }
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("bind unix:" + path + ": address already in use (another server answers there)");
        } catch (java.net.SocketException e) {
            if (!"socket".equals(fileType(path))) {
                throw new IOException("bind unix:" + path + ": exists and is not a socket; refusing to remove it");
            }
            Files.delete(path);
        }
    }

    private static String fileType(Path path) throws IOException {
        Object attrs = Files.readAttributes(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS).get("mode");
        int mode = attrs instanceof Integer m ? m : 0;
        return (mode & 0170000) == 0140000 ? "socket" : "other";
    }

    private static java.net.ProtocolFamily familyOfFd(int fd) throws IOException {
        // The socket's inode appears in /proc/net/unix only for UNIX sockets.
        String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        if (!link.startsWith("socket:[")) {
            throw new IOException("bind fd://" + fd + ": fd " + fd + " is not a socket (" + link + ")");
        }
        String inode = link.substring(8, link.length() - 1);
        for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > 6 && cols[6].equals(inode)) {
                return StandardProtocolFamily.UNIX;
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp6"))) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length > 9 && cols[9].equals(inode)) {
                return StandardProtocolFamily.INET6;
            }
        }
        return StandardProtocolFamily.INET;
    }

    private static String describe(ServerSocketChannel ch) throws IOException {
        if (ch.getLocalAddress() instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            int zone = host.indexOf('%');
            host = zone < 0 ? host : host.substring(0, zone);
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return ch.getLocalAddress() instanceof UnixDomainSocketAddress unix ? "unix:" + unix.getPath() : "unix:?";
    }

    /** The fd number of a JDK channel ({@code sun.nio.ch.SelChImpl.getFDVal}, opened by the launcher). */
    static int fdOf(ServerSocketChannel ch) throws IOException {
        try {
            return (int) Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal").invoke(ch);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot read the fd of " + ch + " (is --add-opens java.base/sun.nio.ch=ALL-UNNAMED set?): " + e, e);
        }
    }

    /**
     * Removes the UNIX socket file at exit, when it is ours.
     *
     * @return why it could not be removed, or null
     */
    String unlinkOwnedPath() {
        if (ownedPath == null) {
            return null;
        }
        try {
            Files.deleteIfExists(ownedPath);
            return null;
        } catch (IOException e) {
            return "cannot remove " + ownedPath + ": " + e.getMessage();
        }
    }

    void close(Posix posix) {
        posix.close(spawnFd);
        try {
            channel.close();
        } catch (IOException e) {
            // closing a listener we are abandoning cannot be acted upon
        }
    }
}
