package dev.jgu.adapters.servlet.session;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One request's view of a stored session. Each request that uses a session gets its own view
 * (as with Spring Session): concurrent requests of one session, on one worker or several, share
 * the stored record, not objects.
 *
 * <p>Attributes are deserialized when first read and stay the same instance for the rest of the
 * request. What {@link RequestSessions#finish()} writes back:
 * <ul>
 *   <li>every attribute set in this request;
 *   <li>every attribute read in this request whose serialized form now differs from the stored
 *       one, so that a value changed in place without {@code setAttribute} is still saved (as
 *       Tomcat's persistent managers effectively do), while a value only read does not overwrite
 *       a concurrent writer's;
 *   <li>every attribute removed; a changed max inactive interval.
 * </ul>
 * {@code HttpSessionActivationListener} values hear {@code sessionDidActivate} after they are
 * deserialized and {@code sessionWillPassivate} before they are serialized at the request's end.
 *
 * <p>Not thread-safe: one thread of the request at a time, as {@link RequestSessions}.
 */
final class JguHttpSession implements HttpSession {

    private final SessionManager manager;
    private final Consumer<JguHttpSession> invalidation;
    private String id;
    private final long creationTime;
    private final long lastAccessedTime;
    private final boolean isNew;
    private int maxInactiveInterval;
    private boolean maxInactiveChanged;
    private boolean valid = true;
    private boolean destroying;
    /** Serialized values as loaded, minus those removed; the baseline for "changed in place". */
    private Map<String, byte[]> stored;
    /** Values deserialized or set in this request, by name. */
    private final Map<String, Object> live = new LinkedHashMap<>();
    private final Set<String> set = new LinkedHashSet<>();
    private final Set<String> read = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();

    /**
     * @param invalidation removes the record and the cookie after {@link #invalidate()} told the
     *     listeners
     */
    JguHttpSession(SessionManager manager, SessionRecord record, boolean isNew,
            Consumer<JguHttpSession> invalidation) {
        this.manager = manager;
        this.invalidation = invalidation;
        this.id = record.id();
        this.creationTime = record.creationTime();
        this.lastAccessedTime = record.lastAccessedTime();
        this.maxInactiveInterval = record.maxInactiveInterval();
        this.stored = new LinkedHashMap<>(record.attributes());
        this.isNew = isNew;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getCreationTime() {
        checkValid();
        return creationTime;
    }

    /** @return when the previous request of this session began (this request's time, if new) */
    @Override
    public long getLastAccessedTime() {
        checkValid();
        return lastAccessedTime;
    }

    @Override
    public ServletContext getServletContext() {
        return manager.context();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        maxInactiveInterval = interval;
        maxInactiveChanged = true;
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveInterval;
    }

    @Override
    public Object getAttribute(String name) {
        checkValid();
        return lookup(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid();
        return Collections.enumeration(names());
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid();
        checkName(name);
        if (value == null) {
            removeAttribute(name);
            return;
        }
        if (!(value instanceof Serializable)) {
            throw new IllegalArgumentException("session attribute " + name + ": " + value.getClass().getName()
                    + " is not Serializable, and a session shared by all workers holds only what it can serialize");
        }
        Object old = lookup(name);
        SessionEvents events = manager.events();
        if (value != old) {
            events.bound(this, name, value);
        }
        live.put(name, value);
        set.add(name);
        read.remove(name);
        removed.remove(name);
        if (old != null && old != value) {
            events.unbound(this, name, old);
        }
        if (old == null) {
            events.added(this, name, value);
        } else {
            events.replaced(this, name, old);
        }
    }

    @Override
    public void removeAttribute(String name) {
        checkValid();
        checkName(name);
        Object old = lookup(name);
        detach(name);
        if (old != null) {
            manager.events().unbound(this, name, old);
            manager.events().removed(this, name, old);
        }
    }

    @Override
    public void invalidate() {
        checkValid();
        if (destroying) {
            return;
        }
        destroy();
        invalidation.accept(this);
    }

    @Override
    public boolean isNew() {
        checkValid();
        return isNew;
    }

    /** @return an accessor that, outside any request, loads this session by its current id */
    @Override
    public Accessor getAccessor() {
        return manager.accessor(id);
    }

    boolean isValid() {
        return valid;
    }

    /**
     * Ends the session for the web app: {@code sessionDestroyed} while it is still valid, then
     * {@code valueUnbound} and {@code attributeRemoved} for each attribute (Tomcat's order).
     * Attributes that cannot be deserialized are dropped (logged) without events.
     */
    void destroy() {
        destroying = true;
        try {
            manager.events().destroyed(this);
        } finally {
            destroying = false;
            valid = false;
        }
        for (String name : names()) {
            Object old = lookup(name);
            detach(name);
            if (old != null) {
                manager.events().unbound(this, name, old);
                manager.events().removed(this, name, old);
            }
        }
    }

    /** Marks a session another worker ended meanwhile, without events: those fired there. */
    void lost() {
        valid = false;
    }

    /**
     * @param passivating whether the values leave this request (its end), so that activation
     *     listeners hear {@code sessionWillPassivate}
     * @return what this request changed, see the class comment
     */
    AttributeChanges changes(boolean passivating) {
        Map<String, byte[]> puts = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>(set);
        names.addAll(read);
        for (String name : names) {
            Object value = live.get(name);
            if (passivating) {
                manager.events().willPassivate(this, value);
            }
            Optional<byte[]> bytes = manager.codec().serialize(name, value);
            if (bytes.isPresent() && (set.contains(name) || !Arrays.equals(bytes.get(), stored.get(name)))) {
                puts.put(name, bytes.get());
            }
        }
        return new AttributeChanges(puts, Set.copyOf(removed),
                maxInactiveChanged ? OptionalInt.of(maxInactiveInterval) : OptionalInt.empty());
    }

    /** After the record was written under a new id: the written record is the new baseline. */
    void rebase(String newId, SessionRecord written) {
        id = newId;
        stored = new LinkedHashMap<>(written.attributes());
        read.addAll(set);
        set.clear();
        removed.clear();
        maxInactiveChanged = false;
    }

    private Object lookup(String name) {
        Object value = live.get(name);
        if (value != null) {
            return value;
        }
        byte[] bytes = stored.get(name);
        if (bytes == null) {
            return null;
        }
        Optional<Object> decoded = manager.codec().deserialize(name, bytes);
        if (decoded.isEmpty()) {
            detach(name);
            return null;
        }
        live.put(name, decoded.get());
        read.add(name);
        manager.events().didActivate(this, decoded.get());
        return decoded.get();
    }

    private void detach(String name) {
        live.remove(name);
        set.remove(name);
        read.remove(name);
        if (stored.remove(name) != null) {
            removed.add(name);
        }
    }

    private List<String> names() {
        Set<String> names = new LinkedHashSet<>(stored.keySet());
        names.addAll(live.keySet());
        return List.copyOf(names);
    }

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("session invalidated");
        }
    }

    private static void checkName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("session attribute name is null");
        }
    }
}
