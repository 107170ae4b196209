package dev.jgu.adapters.servlet.session;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Where the sessions of one web app live, shared by all workers of a host (or a cluster), so that
 * a client's next request may land on any worker. {@link FileSessionStore} keeps them in a
 * directory; a Redis or JDBC store implements this interface the same way.
 *
 * <p>An expired record (see {@link SessionRecord#expiredAt}) is absent for every read: it is
 * deleted and handed to the {@code expired} callback once, by whichever caller found it, so that
 * the web app hears of each session's end exactly once. Callbacks run after the store released its
 * lock.
 *
 * <p>Implementations are thread-safe and safe across processes sharing the same storage.
 */
public interface SessionStore extends Closeable {

    /**
     * Reads a session.
     *
     * @param id a session id; the store may refuse ids {@link SessionIds} would not make
     * @param expired told about the record when this load found it expired and deleted it
     * @return the record, or empty when absent, expired or unreadable
     * @throws IOException when the storage fails
     */
    Optional<SessionRecord> load(String id, Consumer<SessionRecord> expired) throws IOException;

    /**
     * Creates or replaces a session as a whole.
     *
     * @param record the session
     * @throws IOException when the storage fails
     */
    void save(SessionRecord record) throws IOException;

    /**
     * @param id a session id
     * @return whether a record was there
     * @throws IOException when the storage fails
     */
    boolean delete(String id) throws IOException;

    /**
     * Changes a session atomically: under the session's lock, reads the current record, applies
     * {@code change} and writes what it returns. Two workers updating one session concurrently
     * therefore see each other's writes. The lock is held only for this call; {@code change} must
     * be quick and must not call the store.
     *
     * @param id a session id
     * @param change gets the current record (empty when absent or expired) and returns the record
     *     to store; empty deletes a present record and leaves an absent or expired one alone
     * @return what the store holds afterwards
     * @throws IOException when the storage fails
     */
    Optional<SessionRecord> update(String id, UnaryOperator<Optional<SessionRecord>> change)
            throws IOException;

    /**
     * Records that a request used a session without changing it. Stores may do this more cheaply
     * than {@link #update}; the access time may be kept only approximately (a concurrent write may
     * keep its own, slightly older, one).
     *
     * @param id a session id
     * @param accessedMillis the request's access time
     * @throws IOException when the storage fails
     */
    default void touch(String id, long accessedMillis) throws IOException {
        update(id, current -> current.map(r -> r.accessedAt(accessedMillis)));
    }

    /**
     * Deletes every record expired at {@code nowMillis}.
     *
     * @param nowMillis the current time, milliseconds since the epoch
     * @param expired told about each record this call deleted
     * @return how many records were deleted
     * @throws IOException when the storage fails
     */
    int expire(long nowMillis, Consumer<SessionRecord> expired) throws IOException;
}
