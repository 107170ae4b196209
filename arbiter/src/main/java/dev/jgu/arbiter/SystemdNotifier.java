package dev.jgu.arbiter;

import dev.jgu.protocol.ErrorLog;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * systemd's {@code sd_notify} protocol: datagrams of {@code KEY=VALUE} lines to the
 * UNIX socket named by {@code NOTIFY_SOCKET} (a leading {@code @} is the abstract
 * namespace). The JDK has no UNIX datagram channel, hence jnr-unixsocket. A failed
 * notification is logged and never stops the server.
 */
final class SystemdNotifier {

    private final UnixSocketAddress target;
    private final ErrorLog log;

    private SystemdNotifier(UnixSocketAddress target, ErrorLog log) {
        this.target = target;
        this.log = log;
    }

    static SystemdNotifier fromEnvironment(Map<String, String> env, ErrorLog log) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return new SystemdNotifier(null, log);
        }
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        return new SystemdNotifier(new UnixSocketAddress(path), log);
    }

    boolean enabled() {
        return target != null;
    }

    /** Sends one notification, e.g. {@code READY=1\nSTATUS=serving}. */
    void notify(String state) {
        if (target == null) {
            return;
        }
        try (UnixDatagramChannel channel = UnixDatagramChannel.open()) {
            channel.send(ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8)), target);
            log.debug("sd_notify: " + state.replace('\n', ' '));
        } catch (IOException | RuntimeException e) {
            log.warn("sd_notify to " + target.humanReadablePath() + " failed: " + e.getMessage());
        }
    }

    void ready(String status) {
        notify("READY=1\nSTATUS=" + status + "\nMAINPID=" + ProcessHandle.current().pid());
    }

    void reloading() {
        // Type=notify-reload wants the monotonic time of the reload; System.nanoTime is CLOCK_MONOTONIC on Linux.
        notify("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=reloading");
    }

    void stopping() {
        notify("STOPPING=1\nSTATUS=stopping");
    }

    void status(String status) {
        notify("STATUS=" + status);
    }
}
