package dev.jgu.adapters.servlet.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A session as a {@link SessionStore} keeps it: plain data, no live objects. Each attribute is
 * serialized on its own so that a worker writes back only the attributes its request changed.
 *
 * <p>The attribute arrays are not copied; treat them as read-only.
 *
 * @param id the session id, as {@link SessionIds} makes them
 * @param creationTime when the session was created, milliseconds since the epoch
 * @param lastAccessedTime when a request last used the session, milliseconds since the epoch
 * @param maxInactiveInterval seconds without a request before the session expires; {@code <= 0}
 *     never expires
 * @param attributes attribute name to its Java-serialized value, in a stable order
 */
public record SessionRecord(
        String id, long creationTime, long lastAccessedTime, int maxInactiveInterval,
        Map<String, byte[]> attributes) {

    /** Checks the fields and takes an unmodifiable copy of the attribute map. */
    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        attributes.forEach((name, value) -> copy.put(
                Objects.requireNonNull(name, "attribute name"),
                Objects.requireNonNull(value, () -> "attribute " + name)));
        attributes = Collections.unmodifiableMap(copy);
    }

    /**
     * @param nowMillis the current time, milliseconds since the epoch
     * @return whether the session has been idle longer than its max inactive interval
     */
    public boolean expiredAt(long nowMillis) {
        return maxInactiveInterval > 0 && lastAccessedTime + maxInactiveInterval * 1000L <= nowMillis;
    }

    /**
     * @param newId the id the copy gets
     * @return this record under another id
     */
    public SessionRecord withId(String newId) {
        return new SessionRecord(newId, creationTime, lastAccessedTime, maxInactiveInterval, attributes);
    }

    /**
     * @param accessedMillis a request's access time
     * @return this record with the later of its own and the given access time
     */
    public SessionRecord accessedAt(long accessedMillis) {
        return accessedMillis <= lastAccessedTime ? this
                : new SessionRecord(id, creationTime, accessedMillis, maxInactiveInterval, attributes);
    }
}
