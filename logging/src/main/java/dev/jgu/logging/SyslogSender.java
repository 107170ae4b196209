package dev.jgu.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A copy of the error log to syslog, as Gunicorn sends it ({@code <PRI>TAG: [pid] message}, the severity in
 * PRI, RFC 3164's form without timestamp and host, which the daemon fills in): one datagram a line over UDP;
 * octet-counted frames (RFC 6587 §3.4.1) over TCP and UNIX stream sockets; one datagram a line over a UNIX
 * datagram socket the arbiter connected ({@link #startOnSocket}). Lines go through a bounded queue to
 * one daemon thread: a syslog that is slow, full or gone costs the logging thread one offer, and a line that
 * does not fit is dropped and counted, never waited for. A lost stream connection is tried again at most once
 * a second.
 */
public final class SyslogSender {

    /** rsyslog's default maximum message size is 8 KiB; longer lines are cut. */
    static final int MAX_MESSAGE = 8000;
    private static final int QUEUE = 4096;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] STOP = new byte[0];

    /** How lines reach the daemon. */
    public enum Transport { UDP, TCP, UNIX_STREAM, UNIX_DGRAM }

    private final Transport transport;
    private final SocketAddress address;
    private final String display;
    private final String tag;
    private final int facility;
    private final long pid = ProcessHandle.current().pid();
    /** For UNIX_DGRAM: the socket the arbiter connected, written to as it is. */
    private FileOutputStream datagrams;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private final LongAdder dropped = new LongAdder();
    private ByteChannel channel;
    private long nextTry;
    private boolean reported;

    private SyslogSender(Transport transport, SocketAddress address, String display, String tag, int facility) {
        this.transport = transport;
        this.address = address;
        this.display = display;
        this.tag = tag;
        this.facility = facility;
        this.thread = new Thread(this::run, "jgu-syslog");
        thread.setDaemon(true);
    }

    /**
     * Parses {@code syslog_addr} and starts the sender.
     *
     * @param address {@code udp://HOST:PORT}, {@code tcp://HOST:PORT}, {@code unix://PATH[#stream]}
     * @param tag the entries' program name (Gunicorn's {@code gunicorn.PREFIX.error})
     * @param facility a facility name (user, daemon, local0..local7, ...)
     * @return the started sender
     * @throws IllegalArgumentException naming the setting for an address or facility it cannot use
     */
    public static SyslogSender start(String address, String tag, String facility) {
        SyslogSender sender = parse(address, tag, facility);
        sender.thread.start();
        return sender;
    }

    /**
     * Starts a sender on a UNIX datagram socket already connected to syslog (the JDK cannot make one: the
     * arbiter does, with libc, and the workers inherit it). Each entry is one write(2), so one datagram.
     *
     * @param socket the connected socket
     * @param address the {@code syslog_addr}, for messages
     * @param tag as for {@link #start}
     * @param facility as for {@link #start}
     * @return the started sender
     */
    public static SyslogSender startOnSocket(FileDescriptor socket, String address, String tag, String facility) {
        SyslogSender sender = new SyslogSender(Transport.UNIX_DGRAM, null, address, tag, facility(facility));
        sender.datagrams = new FileOutputStream(socket);
        sender.thread.start();
        return sender;
    }

    static SyslogSender parse(String address, String tag, String facility) {
        int code = facility(facility);
        String a = address.trim();
        if (a.startsWith("unix://")) {
            String path = a.substring(7);
            if (path.endsWith("#dgram")) {
                throw new IllegalArgumentException("syslog_addr: " + a + ": no datagram socket could be connected to "
                        + path.substring(0, path.length() - 6) + " (is syslog listening there?)");
            }
            path = path.replaceFirst("#stream$", "");
            return new SyslogSender(Transport.UNIX_STREAM, UnixDomainSocketAddress.of(path), a, tag, code);
        }
        Transport transport;
        if (a.startsWith("udp://")) {
            transport = Transport.UDP;
        } else if (a.startsWith("tcp://")) {
            transport = Transport.TCP;
        } else {
            throw new IllegalArgumentException("syslog_addr: expected udp://HOST:PORT, tcp://HOST:PORT or unix://PATH, got " + a);
        }
        String hostPort = a.substring(6);
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 514;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SyslogSender(transport, new InetSocketAddress(host, port), a, tag, code);
    }

    static int facility(String name) {
        return switch (name == null ? "user" : name.toLowerCase(Locale.ROOT)) {
            case "kern" -> 0;
            case "user" -> 1;
            case "mail" -> 2;
            case "daemon" -> 3;
            case "auth", "security" -> 4;
            case "syslog" -> 5;
            case "lpr" -> 6;
            case "news" -> 7;
            case "uucp" -> 8;
            case "cron" -> 9;
            case "authpriv" -> 10;
            case "ftp" -> 11;
            case "local0" -> 16;
            case "local1" -> 17;
            case "local2" -> 18;
            case "local3" -> 19;
            case "local4" -> 20;
            case "local5" -> 21;
            case "local6" -> 22;
            case "local7" -> 23;
            default -> throw new IllegalArgumentException("syslog_facility: unknown facility " + name);
        };
    }

    /** @return the transport in use */
    public Transport transport() {
        return transport;
    }

    /** @return lines dropped so far (queue full, or syslog unreachable) */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Queues one entry; never blocks.
     *
     * @param level the line's level (its severity goes into PRI)
     * @param message the message
     */
    public void send(Level level, String message) {
        if (!queue.offer(entry(level, message))) {
            dropped.increment();
        }
    }

    /** The entry's bytes, without framing: {@code <PRI>TAG: [pid] message}. */
    byte[] entry(Level level, String message) {
        String text = "<" + (facility * 8 + level.severity()) + ">" + tag + ": [" + pid + "] "
                + message.replace('\n', ' ').replace('\r', ' ');
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_MESSAGE) {
            byte[] cut = new byte[MAX_MESSAGE];
            System.arraycopy(bytes, 0, cut, 0, MAX_MESSAGE);
            return cut;
        }
        return bytes;
    }

    /** Octet-counting framing (RFC 6587 §3.4.1): {@code LENGTH SP ENTRY}. */
    static byte[] frame(byte[] entry) {
        byte[] length = (entry.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[length.length + entry.length];
        System.arraycopy(length, 0, frame, 0, length.length);
        System.arraycopy(entry, 0, frame, length.length, entry.length);
        return frame;
    }

    /** Stops the sender once the queued lines are sent, waiting a second at most. */
    public void close() {
        queue.offer(STOP);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                byte[] entry = queue.take();
                if (entry == STOP) {
                    break;
                }
                deliver(entry);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeChannel();
        }
    }

    private void deliver(byte[] entry) {
        if (datagrams != null) {
            try {
                datagrams.write(entry);
                reported = false;
            } catch (IOException e) {
                // the daemon is gone or full; the socket stays, and works again when the daemon's socket does
                dropped.increment();
                report(e);
            }
            return;
        }
        if (channel == null && !connect()) {
            dropped.increment();
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(transport == Transport.UDP ? entry : frame(entry));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            reported = false;
        } catch (IOException e) {
            dropped.increment();
            report(e);
            closeChannel();
        }
    }

    private boolean connect() {
        long now = System.nanoTime();
        if (nextTry != 0 && now - nextTry < 0) {
            return false;
        }
        try {
            channel = switch (transport) {
                case UDP -> DatagramChannel.open().connect(address);
                case TCP -> SocketChannel.open(address);
                case UNIX_DGRAM -> throw new IOException("no datagram socket");
                case UNIX_STREAM -> {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(address);
                    yield ch;
                }
            };
            nextTry = 0;
            return true;
        } catch (IOException | RuntimeException e) {
            nextTry = now + RETRY_NANOS;
            report(e);
            return false;
        }
    }

    /** Once per outage, on stderr: the error log itself may be the one that goes to syslog. */
    private void report(Exception e) {
        if (!reported) {
            reported = true;
            System.err.println("syslog: cannot send to " + display + " (" + e + "), dropping lines until it answers");
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a broken connection: nothing more to do with it
            }
            channel = null;
        }
    }
}
