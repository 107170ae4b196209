package dev.jgu.arbiter;

import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.protocol.settings.SettingValues;

/**
 * A UNIX datagram socket connected to syslog's ({@code /dev/log} and the like), for {@code syslog_addr =
 * "unix://PATH"} or {@code "unix://PATH#dgram"}: the JDK has no UNIX-domain datagram channel, so the arbiter
 * makes the socket with libc and every process writes its entries to it, the arbiter through its own fd, each
 * worker through the copy it inherits (named by its {@code --syslog-fd} argument). A connected datagram socket needs no
 * reconnecting while the daemon's socket lives (systemd holds {@code /dev/log} across journald restarts).
 * Without a suffix, as Gunicorn does, a path that takes no datagram is tried as a stream socket.
 */
final class SyslogSocket {

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
        int fd;
        try {
            fd = UnixDatagram.connect(path, posix, false);
        } catch (java.io.IOException e) {
            // #dgram then fails at start, naming the setting (ErrorLog); no suffix falls back to a stream socket
            if (explicit) {
                System.err.println("syslog_addr: " + e.getMessage());
            }
            return -1;
        }
        try {
            int high = posix.dupHigh(fd);
            posix.close(fd);
            current = high;
        } catch (java.io.IOException e) {
            current = fd;
        }
        connectedFor = address;
        return current;
    }
}
