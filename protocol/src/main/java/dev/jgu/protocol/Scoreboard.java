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
 * default) mapped by every process, one 64-byte slot per worker. A worker writes
 * only its own slot; the arbiter reads them all to see heartbeats, readiness and
 * busy/idle figures, so nothing on the request path talks to the arbiter.
 *
 * <p>Heartbeats are {@link System#nanoTime()} values: on Linux that is
 * CLOCK_MONOTONIC, one clock for every process of the host.
 *
 * <pre>
 * slot layout (native byte order)
 *   0  long  pid           (0 = free)
 *   8  long  heartbeat     (System.nanoTime)
 *  16  long  requests      served so far
 *  24  int   state         (see State)
 *  28  int   connections   open now
 *  32  int   busy          requests in progress now
 *  36  int   age           the worker's spawn number
 *  40..63    reserved
 * </pre>
 */
public final class Scoreboard implements AutoCloseable {

    /** Bytes per slot: one cache line, so workers never share one. */
    public static final int SLOT_SIZE = 64;

    /** Worker states as stored in a slot. */
    public enum State { FREE, BOOTING, READY, DRAINING }

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
