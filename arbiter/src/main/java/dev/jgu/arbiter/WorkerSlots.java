package dev.jgu.arbiter;

import dev.jgu.protocol.Scoreboard;

import java.io.IOException;

/**
 * What the pool reads and writes in the scoreboard: a slot claimed at spawn and
 * released after reaping, and the state and heartbeat each worker writes into its
 * own slot. A fake in the pool's unit tests.
 */
interface WorkerSlots extends AutoCloseable {

    void claim(int slot, long pid, int age, long now);

    void release(int slot);

    Scoreboard.State state(int slot);

    /** @return why the slot's worker said it stops (metrics: max_requests or not) */
    default Scoreboard.Stop stop(int slot) {
        return Scoreboard.Stop.NONE;
    }

    /** @return the slot's last heartbeat, on the clock the pool reads (System.nanoTime) */
    long heartbeat(int slot);

    /** @return requests the worker in this slot has served */
    long requests(int slot);

    /** @return requests it is serving now */
    int busy(int slot);

    /** @return client connections it holds open */
    int connections(int slot);

    @Override
    void close() throws IOException;

    static WorkerSlots of(Scoreboard scoreboard) {
        return new WorkerSlots() {
            @Override
            public void claim(int slot, long pid, int age, long now) {
                scoreboard.claim(slot, pid, age, now);
            }

            @Override
            public void release(int slot) {
                scoreboard.release(slot);
            }

            @Override
            public Scoreboard.State state(int slot) {
                return scoreboard.state(slot);
            }

            @Override
            public Scoreboard.Stop stop(int slot) {
                return scoreboard.stop(slot);
            }

            @Override
            public long heartbeat(int slot) {
                return scoreboard.heartbeat(slot);
            }

            @Override
            public long requests(int slot) {
                return scoreboard.requests(slot);
            }

            @Override
            public int busy(int slot) {
                return scoreboard.busy(slot);
            }

            @Override
            public int connections(int slot) {
                return scoreboard.connections(slot);
            }

            @Override
            public void close() throws IOException {
                scoreboard.close();
            }
        };
    }
}
