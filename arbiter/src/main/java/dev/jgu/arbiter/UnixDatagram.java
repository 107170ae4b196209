package dev.jgu.arbiter;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A unix datagram socket connected with connect(2), for {@code statsd_host = unix:PATH} and
 * {@code syslog_addr = unix://PATH[#dgram]}.
 * The JDK has no unix datagram channel, and jnr-unixsocket's {@code UnixDatagramChannel}
 * only remembers the address for sendto; a really connected fd is what lets a worker,
 * which carries no native library, send with a plain write(2) on the fd it inherits.
 */
final class UnixDatagram {

    /** The libc calls jnr-posix does not bind. */
    public interface Sockets {
        int socket(int domain, int type, int protocol);

        int connect(int fd, byte[] address, int length);
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    /** sun_path in struct sockaddr_un, with its NUL. */
    private static final int PATH_BYTES = 108;

    private UnixDatagram() {
    }

    /**
     * @param path the socket file
     * @param posix to close the socket when connect fails
     * @param nonBlocking whether a write to a full socket fails at once (StatsD) rather than waits (syslog's own thread)
     * @return a close-on-exec fd connected to it
     * @throws IOException when the path is too long or nothing listens there
     */
    static int connect(String path, Posix posix, boolean nonBlocking) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= PATH_BYTES) {
            throw new IOException("socket path longer than " + (PATH_BYTES - 1) + " bytes: " + path);
        }
        Sockets libc = Holder.LIBC;
        jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getRuntime(libc);
        int fd = libc.socket(AF_UNIX, SOCK_DGRAM | (nonBlocking ? SOCK_NONBLOCK : 0) | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed (errno " + LastError.getLastError(runtime) + ")");
        }
        ByteBuffer address = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
        address.putShort((short) AF_UNIX).put(name).put((byte) 0);
        if (libc.connect(fd, address.array(), address.capacity()) != 0) {
            int errno = LastError.getLastError(runtime);
            posix.close(fd);
            throw new IOException("connect " + path + " failed (errno " + errno + (errno == 2 ? ", no such file" : errno == 111 ? ", nobody listening" : "") + ")");
        }
        return fd;
    }

    /** Loaded on first use: only a unix: statsd_host needs it. */
    private static final class Holder {
        static final Sockets LIBC = LibraryLoader.create(Sockets.class).load("c");
    }
}
