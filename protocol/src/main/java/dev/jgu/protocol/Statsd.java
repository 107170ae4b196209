package dev.jgu.protocol;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A StatsD client that never makes its caller wait. A counter is added to in
 * memory ({@link LongAdder} per name); a timer, gauge or histogram value is a line
 * put in a bounded queue (dropped when the queue is full). One daemon thread, every
 * {@link #FLUSH_NANOS} while there is something to send, turns each counter that
 * moved into one line ({@code jgu.requests:57|c}: the same sum a StatsD server
 * would add up from 57 lines), packs them and the queued lines into datagrams of
 * at most {@code maxPacket} bytes, newline-separated as StatsD and DogStatsD accept
 * them, and writes each on a non-blocking socket: a datagram the socket buffer has
 * no room for is dropped, never waited for. Lost metrics are counted and said in a
 * WARNING at most once a minute.
 *
 * <p>A request costs two adder increments and one queued line, and wakes nobody:
 * only the first metric after an idle spell unparks the thread (one line a
 * request and a wake-up each cost half the throughput of a hello-world worker).
 *
 * <p>Both JVMs use it: the arbiter for {@code jgu.workers}, each worker for the
 * request metrics, and both for the {@code jgu.log.*} counters ({@link #logged}).
 */
public final class Statsd implements AutoCloseable {

    /** UDP: what fits an Ethernet frame with room for tunnels (DogStatsD's advice). */
    public static final int UDP_PACKET = 1432;
    /** A unix datagram socket takes more; DogStatsD's advice for UDS. */
    public static final int UNIX_PACKET = 8192;
    private static final int QUEUE = 16_384;
    /** How long metrics gather before they are sent; StatsD servers aggregate over seconds. */
    static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** {@code jgu.request.status.CODE}, made once per code. */
    private static final String[] STATUS_NAMES = new String[1000];
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final StatsdFormat format;
    private final WritableByteChannel channel;
    private final String target;
    private final ByteBuffer packet;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    /** Set when a counter moved since the last flush; read first, so a busy counter does not keep writing it. */
    private volatile boolean countersMoved;
    /** True while the sender is parked with nothing to send: the next metric unparks it. */
    private final AtomicBoolean idle = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;
    private volatile ErrorLog log;
    private volatile boolean closed;
    private long lastWarning;
    private long droppedAtWarning;

    /**
     * @param format the line format (prefix, tags)
     * @param channel a connected, non-blocking datagram channel; each write is one datagram
     * @param target what it is connected to, for log lines
     * @param maxPacket the most bytes in one datagram
     */
    public Statsd(StatsdFormat format, WritableByteChannel channel, String target, int maxPacket) {
        this.format = format;
        this.channel = channel;
        this.target = target;
        this.packet = ByteBuffer.allocateDirect(maxPacket);
        this.sender = new Thread(this::send, "jgu-statsd");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * A client for {@code statsd_host = HOST:PORT} over UDP.
     *
     * @param hostPort the normalised setting value ({@code [V6]:PORT} or {@code HOST:PORT})
     * @throws IOException when the host does not resolve or the socket cannot be opened
     */
    public static Statsd udp(String hostPort, StatsdFormat format) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + host);
        }
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.connect(address);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Statsd(format, channel, hostPort, UDP_PACKET);
    }

    /**
     * A client over a connected datagram socket this process inherited (a worker's
     * {@code unix:} StatsD socket, connected and made non-blocking by the arbiter: the
     * JDK has no unix datagram channel, but write(2) on the fd sends one datagram).
     *
     * @param fd the inherited fd
     * @param target its address, for log lines
     * @throws IOException when the fd cannot be wrapped
     */
    public static Statsd inherited(int fd, String target, StatsdFormat format) throws IOException {
        @SuppressWarnings("resource") // the channel closes the stream
        WritableByteChannel channel = new FileOutputStream(InheritedFds.descriptor(fd)).getChannel();
        return new Statsd(format, channel, target, UNIX_PACKET);
    }

    /** Where send failures and drops are reported; set once the error log exists. */
    public void log(ErrorLog errorLog) {
        this.log = errorLog;
    }

    /** @return the line format, for callers that build lines themselves */
    public StatsdFormat format() {
        return format;
    }

    /** Adds to a counter. */
    public void increment(String name, long value) {
        if (closed) {
            dropped.incrementAndGet();
            return;
        }
        counters.computeIfAbsent(name, n -> new LongAdder()).add(value);
        if (!countersMoved) {
            countersMoved = true;
        }
        wake();
    }

    /** Sets a gauge. */
    public void gauge(String name, long value) {
        offer(format.gauge(name, value));
    }

    /** Records a duration in a timer, sent in milliseconds. */
    public void timer(String name, long nanos) {
        offer(format.timer(name, nanos));
    }

    /** Records a value in a histogram. */
    public void histogram(String name, long value) {
        offer(format.histogram(name, value));
    }

    /**
     * One answered request, as Gunicorn's {@code Statsd.access} counts it: {@code jgu.request.duration}
     * (ms), {@code jgu.requests} and {@code jgu.request.status.CODE}.
     *
     * @param status the status sent
     * @param nanos from the request's start to the end of its response
     */
    public void request(int status, long nanos) {
        timer("jgu.request.duration", nanos);
        increment("jgu.requests", 1);
        increment(statusName(status), 1);
    }

    /**
     * Gunicorn's Statsd logger counts every line at WARNING and above, whatever
     * {@code loglevel} filters: {@code jgu.log.warning}, {@code .error}, {@code .critical},
     * and {@code .exception} for an error with a stack trace (Gunicorn's {@code log.exception}).
     */
    public void logged(ErrorLog.Level level, boolean withCause) {
        switch (level) {
            case WARNING -> increment("jgu.log.warning", 1);
            case ERROR -> increment(withCause ? "jgu.log.exception" : "jgu.log.error", 1);
            case CRITICAL -> increment("jgu.log.critical", 1);
            default -> {
            }
        }
    }

    /** @return metrics lost so far: queue full, socket buffer full, or a send error */
    public long dropped() {
        return dropped.get();
    }

    /** @return datagrams written so far */
    public long sent() {
        return sent.get();
    }

    private static String statusName(int status) {
        if (status < 0 || status >= STATUS_NAMES.length) {
            return "jgu.request.status." + status;
        }
        String name = STATUS_NAMES[status];
        if (name == null) {
            // a race makes the same string twice, harmlessly
            name = "jgu.request.status." + status;
            STATUS_NAMES[status] = name;
        }
        return name;
    }

    private void offer(String line) {
        if (closed || !queue.offer(line)) {
            dropped.incrementAndGet();
            return;
        }
        wake();
    }

    private void wake() {
        if (idle.get() && idle.compareAndSet(true, false)) {
            LockSupport.unpark(sender);
        }
    }

    private boolean pending() {
        return countersMoved || !queue.isEmpty();
    }

    private void send() {
        while (!closed) {
            if (pending()) {
                drain();
                LockSupport.parkNanos(FLUSH_NANOS);
                continue;
            }
            idle.set(true);
            // A metric that came between the check above and idle being set has not unparked us: look again.
            if (pending()) {
                idle.set(false);
                continue;
            }
            LockSupport.park(this);
            idle.set(false);
        }
    }

    /** Sends the counters that moved and what is queued, packing lines into datagrams. */
    private synchronized void drain() {
        if (!channel.isOpen()) {
            return;
        }
        int lines = 0;
        countersMoved = false;
        List<String> moved = new ArrayList<>();
        counters.forEach((name, adder) -> {
            long sum = adder.sumThenReset();
            if (sum != 0) {
                moved.add(format.counter(name, sum));
            }
        });
        Iterator<String> counted = moved.iterator();
        for (String line = next(counted); line != null; line = next(counted)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            int room = packet.remaining() - (packet.position() > 0 ? 1 : 0);
            if (bytes.length > room && packet.position() > 0) {
                write(lines);
                lines = 0;
            }
            if (packet.position() > 0) {
                packet.put((byte) '\n');
            }
            packet.put(bytes, 0, Math.min(bytes.length, packet.remaining()));
            lines++;
        }
        write(lines);
    }

    /** The counters' lines, then the queue's. */
    private String next(Iterator<String> counted) {
        return counted.hasNext() ? counted.next() : queue.poll();
    }

    private void write(int lines) {
        packet.flip();
        try {
            if (packet.hasRemaining()) {
                if (channel.write(packet) > 0) {
                    sent.incrementAndGet();
                } else {
                    dropped.addAndGet(lines);
                    warnDropped("the socket buffer is full");
                }
            }
        } catch (IOException e) {
            // Nobody listening on a UDP port reports back as a failed write (ICMP port unreachable).
            dropped.addAndGet(lines);
            warnDropped(e.toString());
        } finally {
            packet.clear();
        }
    }

    private void warnDropped(String why) {
        long now = System.nanoTime();
        ErrorLog to = log;
        if (to == null || (droppedAtWarning > 0 && now - lastWarning < WARN_EVERY_NANOS)) {
            return;
        }
        long total = dropped.get();
        lastWarning = now;
        to.warn("statsd: metrics dropped: target=" + target + " dropped=" + (total - droppedAtWarning) + " (" + why
                + "); next report in a minute at the earliest");
        droppedAtWarning = Math.max(1, total);
    }

    /** Sends what is still queued (a graceful exit), then closes the socket. */
    @Override
    public synchronized void close() {
        // No interrupt for the sender: an interrupt in a write would close the channel before the last lines.
        closed = true;
        LockSupport.unpark(sender);
        drain();
        try {
            channel.close();
        } catch (IOException e) {
            ErrorLog to = log;
            if (to != null) {
                to.debug("statsd: closing " + target + ": " + e);
            }
        }
    }
}
