package dev.jgu.arbiter;

import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.protocol.settings.SettingValues;
import jnr.ffi.LibraryLoader;

import java.nio.charset.StandardCharsets;

/**
 * A UNIX datagram socket connected to syslog's ({@code /dev/log} and the like), for {@code syslog_addr =
 * "unix://PATH"} or {@code "unix://PATH#dgram"}: the JDK has no UNIX-domain datagram channel, so the arbiter
 * makes the socket with libc and every process writes its entries to it, the arbiter through its own fd, each
 * worker through the copy it inherits ({@link #ENV} names the fd). A connected datagram socket needs no
 * reconnecting while the daemon's socket lives (systemd holds {@code /dev/log} across journald restarts).
 * Without a suffix, as Gunicorn does, a path that takes no datagram is tried as a stream socket.
 */
final class SyslogSocket {

    /** The environment variable telling a worker which inherited fd is the socket. */
    static final String ENV = "JGU_SYSLOG_FD";

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SUN_PATH = 108;

    /** The libc calls the JDK and jnr-posix lack for this. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int connect(int fd, byte[] address, int length);

        int close(int fd);
    }

    /** The arbiter's socket, for the workers it spawns; -1 when there is none. Set once, at the arbiter's start. */
    private static volatile int current = -1;
    /** The {@code syslog_addr} it was connected for. */
    private static volatile String connectedFor;

    private SyslogSocket() {
    }

    /**
     * @param settings a generation's settings
     * @return the fd its workers inherit, or -1 when their syslog settings are not the ones it was made for (HUP)
     */
    static int forWorkers(SettingValues settings) {
        boolean same = Boolean.TRUE.equals(settings.get(LoggingSettings.SYSLOG))
                && java.util.Objects.equals(settings.get(LoggingSettings.SYSLOG_ADDR), connectedFor);
        return same ? current : -1;
    }

    /**
     * @param settings the arbiter's settings
     * @param posix for a copy of the fd at or above {@link Posix#HIGH_FD}, where spawning wants it
     * @return the connected socket's fd, or -1 when syslog is off, not a datagram path, or the path takes none
     */
    static int open(SettingValues settings, Posix posix) {
        String address = settings.get(LoggingSettings.SYSLOG_ADDR);
        if (!Boolean.TRUE.equals(settings.get(LoggingSettings.SYSLOG)) || address == null
                || !address.startsWith("unix://") || address.endsWith("#stream")) {
            return -1;
        }
        boolean explicit = address.endsWith("#dgram");
        String path = explicit ? address.substring(7, address.length() - 6) : address.substring(7);
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH) {
            System.err.println("syslog_addr: " + path + " is longer than a UNIX socket path may be (" + (SUN_PATH - 1) + " bytes)");
            return -1;
        }
        LibC libc = LibraryLoader.create(LibC.class).load("c");
        int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            System.err.println("syslog_addr: cannot create a UNIX datagram socket");
            return -1;
        }
        byte[] sockaddr = new byte[2 + name.length + 1];
        sockaddr[0] = (byte) AF_UNIX;
        System.arraycopy(name, 0, sockaddr, 2, name.length);
        if (libc.connect(fd, sockaddr, sockaddr.length) != 0) {
            // #dgram then fails at start, naming the setting (ErrorLog); no suffix falls back to a stream socket
            libc.close(fd);
            return -1;
        }
        try {
            int high = posix.dupHigh(fd);
            libc.close(fd);
            current = high;
        } catch (java.io.IOException e) {
            current = fd;
        }
        connectedFor = address;
        return current;
    }
}
