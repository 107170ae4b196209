package dev.jgu.adapters.servlet.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What one request did to a session, to be applied to the record current at write time: the
 * attributes it set or changed, those it removed, a new max inactive interval. Attributes the
 * request did not touch keep whatever other workers wrote meanwhile (last writer wins per
 * attribute, not per session).
 *
 * @param puts attribute name to its new serialized value
 * @param removes attribute names removed
 * @param maxInactiveInterval the new interval, empty when unchanged
 */
record AttributeChanges(Map<String, byte[]> puts, Set<String> removes, OptionalInt maxInactiveInterval) {

    /** @return whether only the access time needs recording */
    boolean isEmpty() {
        return puts.isEmpty() && removes.isEmpty() && maxInactiveInterval.isEmpty();
    }

    /**
     * @param current the record as the store holds it now
     * @param accessedAt the request's access time
     * @return the record with this request's changes
     */
    SessionRecord applyTo(SessionRecord current, long accessedAt) {
        Map<String, byte[]> attributes = new LinkedHashMap<>(current.attributes());
        attributes.keySet().removeAll(removes);
        attributes.putAll(puts);
        return new SessionRecord(current.id(), current.creationTime(),
                Math.max(current.lastAccessedTime(), accessedAt),
                maxInactiveInterval.orElse(current.maxInactiveInterval()), attributes);
    }
}
