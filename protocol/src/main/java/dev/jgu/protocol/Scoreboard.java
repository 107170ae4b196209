package dev.jgu.protocol;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The shared memory between the arbiter and its workers: a file (on tmpfs by
 * default) mapped by every process, one 512-byte slot per worker. A worker writes
 * only its own slot; the arbiter reads them all to see heartbeats, readiness and
 * busy/idle figures, so nothing on the request path talks to the arbiter.
 *
 * <p>Heartbeats are {@link System#nanoTime()} values: on Linux that is
 * CLOCK_MONOTONIC, one clock for every process of the host.
 *
 * <p>The counters (bytes 64 and up) are the metrics endpoint's: responses by method and
 * status class, and a request-duration histogram. Each is one atomic add on the mapped
 * memory, no lock, no allocation. {@link #claim} does not clear them: a slot's counters
 * only grow for the arbiter's whole life, whatever worker holds the slot, so what a
 * reaped worker counted (even one killed by KILL mid-request: the add is one CPU
 * instruction) stays counted, and a Prometheus counter summed over the slots never goes
 * down. A new arbiter (USR2) maps a new, zeroed file: a counter reset, which Prometheus's
 * {@code rate()} handles.
 *
 * <pre>
 * slot layout (native byte order)
 *   0  long  pid           (0 = free)
 *   8  long  heartbeat     (System.nanoTime)
 *  16  long  requests      served so far by this worker
 *  24  int   state         (see State)
 *  28  int   connections   open now
 *  32  int   busy          requests in progress now
 *  36  int   age           the worker's spawn number
 *  40  int   threads       request threads (sync 1, gthread its threads; 0 = no fixed pool)
 *  44  int   stop          why the worker is stopping (see Stop)
 *  48..63    reserved
 *  64  long[40] responses  by method (METHODS) x status class (1xx..5xx): [method * 5 + class]
 * 384  long  duration sum  nanoseconds, over every response counted in the buckets
 * 392  long[12] durations  responses per bucket (not cumulative): DURATION_BOUNDS, then +Inf
 * 488..511   reserved
 * </pre>
 */
public final class Scoreboard implements AutoCloseable {

    /** Bytes per slot: whole cache lines, so workers never share one. */
    public static final int SLOT_SIZE = 512;

    /** Worker states as stored in a slot. */
    public enum State { FREE, BOOTING, READY, DRAINING }

    /** Why a worker stops, as it writes it before draining, for the arbiter's exit-cause count. */
    public enum Stop { NONE, MAX_REQUESTS, OTHER }

    /** The methods counted apart; every other method counts as {@code other}, the last entry. */
    public static final java.util.List<String> METHODS = java.util.List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "other");

    /** Status classes 1xx..5xx. */
    public static final int STATUS_CLASSES = 5;

    /** Upper bounds of the duration buckets, in seconds (the Prometheus clients' defaults); one more bucket holds the rest. */
    public static final java.util.List<Double> DURATION_BOUNDS = java.util.List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private static final long[] BOUND_NANOS = DURATION_BOUNDS.stream().mapToLong(s -> Math.round(s * 1e9)).toArray();

    private static final VarHandle LONGS =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private static final int PID = 0;
    private static final int HEARTBEAT = 8;
    private static final int REQUESTS = 16;
    private static final int STATE = 24;
    private static final int CONNECTIONS = 28;
    private static final int BUSY = 32;
    private static final int AGE = 36;
    private static final int THREADS = 40;
    private static final int STOP = 44;
    private static final int RESPONSES = 64;
    private static final int DURATION_SUM = 384;
    private static final int DURATIONS = 392;

    private final FileChannel file;
    private final MappedByteBuffer map;
    private final int slots;

    private Scoreboard(FileChannel file, int slots) throws IOException {
        this.file = file;
        this.slots = slots;
        this.map = file.map(FileChannel.MapMode.READ_WRITE, 0, (long) slots * SLOT_SIZE);
    }

    /**
     * Creates (or truncates) a scoreboard file; the arbiter does this once.
     *
     * @param path the file, best on tmpfs
     * @param slots how many workers it can hold
     * @return the mapped scoreboard
     * @throws IOException when the file cannot be created or mapped
     */
    public static Scoreboard create(Path path, int slots) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        ch.write(java.nio.ByteBuffer.allocate(slots * SLOT_SIZE));
        return new Scoreboard(ch, slots);
    }

    /**
     * Maps an existing scoreboard; a worker does this at boot.
     *
     * @param path the file the arbiter created
     * @return the mapped scoreboard
     * @throws IOException when it cannot be opened
     */
    public static Scoreboard open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Scoreboard(ch, (int) (ch.size() / SLOT_SIZE));
    }

    /** @return how many slots there are */
    public int slots() {
        return slots;
    }

    private int at(int slot, int field) {
        if (slot < 0 || slot >= slots) {
            throw new IndexOutOfBoundsException("scoreboard slot " + slot + " of " + slots);
        }
        return slot * SLOT_SIZE + field;
    }

    /**
     * Claims a slot for a freshly spawned worker (arbiter side).
     *
     * @param slot the slot
     * @param pid the worker pid
     * @param age the worker's spawn number
     * @param now the heartbeat to start from
     */
    public void claim(int slot, long pid, int age, long now) {
        LONGS.setRelease(map, at(slot, HEARTBEAT), now);
        LONGS.setRelease(map, at(slot, REQUESTS), 0L);
        INTS.setRelease(map, at(slot, CONNECTIONS), 0);
        INTS.setRelease(map, at(slot, BUSY), 0);
        INTS.setRelease(map, at(slot, AGE), age);
        INTS.setRelease(map, at(slot, THREADS), 0);
        INTS.setRelease(map, at(slot, STOP), Stop.NONE.ordinal());
        INTS.setRelease(map, at(slot, STATE), State.BOOTING.ordinal());
        LONGS.setRelease(map, at(slot, PID), pid);
    }

    /** @param slot the slot to mark free (arbiter side, after reaping) */
    public void release(int slot) {
        LONGS.setRelease(map, at(slot, PID), 0L);
        INTS.setRelease(map, at(slot, STATE), State.FREE.ordinal());
    }

    /** @param slot the slot @param nanos the heartbeat time */
    public void heartbeat(int slot, long nanos) {
        LONGS.setRelease(map, at(slot, HEARTBEAT), nanos);
    }

    /** @param slot the slot @param state the new state */
    public void state(int slot, State state) {
        INTS.setRelease(map, at(slot, STATE), state.ordinal());
    }

    /** @param slot the slot @param requests the count served so far */
    public void requests(int slot, long requests) {
        LONGS.setRelease(map, at(slot, REQUESTS), requests);
    }

    /** @param slot the slot @param delta added to the open-connection count */
    public void addConnections(int slot, int delta) {
        INTS.getAndAdd(map, at(slot, CONNECTIONS), delta);
    }

    /** @param slot the slot @param delta added to the busy count */
    public void addBusy(int slot, int delta) {
        INTS.getAndAdd(map, at(slot, BUSY), delta);
    }

    /** @param slot the slot @return the pid in it, 0 when free */
    public long pid(int slot) {
        return (long) LONGS.getAcquire(map, at(slot, PID));
    }

    /** @param slot the slot @param threads its request threads, 0 when it has no fixed pool */
    public void threads(int slot, int threads) {
        INTS.setRelease(map, at(slot, THREADS), threads);
    }

    /** @param slot the slot @param why why the worker is stopping */
    public void stop(int slot, Stop why) {
        INTS.setRelease(map, at(slot, STOP), why.ordinal());
    }

    /**
     * Counts one response: its method and status class, and its duration in the histogram.
     * Three atomic adds; called by any of the worker's threads.
     *
     * @param slot the worker's slot
     * @param method the request method, or null when no request could be parsed (counted as other)
     * @param status the status sent; one outside 100..599 (nothing sent) is not counted
     * @param nanos from the request's start to the end of its response
     */
    public void countResponse(int slot, String method, int status, long nanos) {
        if (status < 100 || status > 599) {
            return;
        }
        int cell = methodIndex(method) * STATUS_CLASSES + status / 100 - 1;
        LONGS.getAndAdd(map, at(slot, RESPONSES + cell * 8), 1L);
        long d = Math.max(0, nanos);
        int bucket = 0;
        while (bucket < BOUND_NANOS.length && d > BOUND_NANOS[bucket]) {
            bucket++;
        }
        LONGS.getAndAdd(map, at(slot, DURATIONS + bucket * 8), 1L);
        LONGS.getAndAdd(map, at(slot, DURATION_SUM), d);
    }

    /** @param method a request method, or null @return its index in {@link #METHODS} */
    static int methodIndex(String method) {
        if (method == null) {
            return METHODS.size() - 1;
        }
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "PATCH" -> 5;
            case "OPTIONS" -> 6;
            default -> 7;
        };
    }

    /** @param slot the slot @param method index in METHODS @param statusClass 0 for 1xx .. 4 for 5xx @return responses counted */
    public long responses(int slot, int method, int statusClass) {
        return (long) LONGS.getAcquire(map, at(slot, RESPONSES + (method * STATUS_CLASSES + statusClass) * 8));
    }

    /** @param slot the slot @return the durations counted, summed, in nanoseconds */
    public long durationSum(int slot) {
        return (long) LONGS.getAcquire(map, at(slot, DURATION_SUM));
    }

    /** @param slot the slot @param bucket 0..DURATION_BOUNDS.size() (the last is +Inf) @return responses in that bucket alone */
    public long durations(int slot, int bucket) {
        return (long) LONGS.getAcquire(map, at(slot, DURATIONS + bucket * 8));
    }

    /** @param slot the slot @return its request threads, 0 when it has no fixed pool */
    public int threads(int slot) {
        return (int) INTS.getAcquire(map, at(slot, THREADS));
    }

    /** @param slot the slot @return why its worker said it stops */
    public Stop stop(int slot) {
        int s = (int) INTS.getAcquire(map, at(slot, STOP));
        Stop[] all = Stop.values();
        return s >= 0 && s < all.length ? all[s] : Stop.OTHER;
    }

    /** @param slot the slot @return its last heartbeat (System.nanoTime) */
    public long heartbeat(int slot) {
        return (long) LONGS.getAcquire(map, at(slot, HEARTBEAT));
    }

    /** @param slot the slot @return its state */
    public State state(int slot) {
        int s = (int) INTS.getAcquire(map, at(slot, STATE));
        State[] all = State.values();
        return s >= 0 && s < all.length ? all[s] : State.FREE;
    }

    /** @param slot the slot @return requests served */
    public long requests(int slot) {
        return (long) LONGS.getAcquire(map, at(slot, REQUESTS));
    }

    /** @param slot the slot @return connections open */
    public int connections(int slot) {
        return (int) INTS.getAcquire(map, at(slot, CONNECTIONS));
    }

    /** @param slot the slot @return requests in progress */
    public int busy(int slot) {
        return (int) INTS.getAcquire(map, at(slot, BUSY));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
