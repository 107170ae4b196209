package dev.jgu.adapters.servlet.session;

import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The session side of one request, behind {@code HttpServletRequest.getSession},
 * {@code isRequestedSessionIdValid}, {@code getRequestedSessionId} and {@code changeSessionId}.
 * The core calls {@link #finish()} when the request (including async processing) is over.
 *
 * <p>The store's lock is taken only inside single calls (create, change id, invalidate, finish),
 * never across the request, so a long-poll or an event stream never blocks the session's other
 * requests. A store failure surfaces as {@link UncheckedIOException}.
 *
 * <p>Not thread-safe: one thread at a time, as the Servlet spec has it for a request.
 */
public final class RequestSessions {

    private final SessionManager manager;
    private final String requestedId;
    private final boolean secureRequest;
    private final CookieSink sink;
    private final long accessTime;
    private boolean lookedUp;
    private boolean finished;
    private JguHttpSession current;

    RequestSessions(SessionManager manager, String requestedId, boolean secureRequest, CookieSink sink,
            long accessTime) {
        this.manager = manager;
        this.requestedId = requestedId;
        this.secureRequest = secureRequest;
        this.sink = sink;
        this.accessTime = accessTime;
    }

    /**
     * {@code HttpServletRequest.getSession(create)}. A session is created only under a new id
     * from {@link SessionIds}, never under the one the client sent (session fixation).
     *
     * @param create whether to create a session when the request has no live one
     * @return the request's session, or null when there is none and {@code create} is false
     * @throws IllegalStateException when creating after the response was committed
     */
    public HttpSession get(boolean create) {
        lookUp();
        if (current != null && current.isValid()) {
            return current;
        }
        if (!create) {
            return null;
        }
        String id = SessionIds.next();
        sink.setCookie(SessionCookie.issue(manager.config(), manager.cookiePath(), id, secureRequest));
        SessionRecord record = new SessionRecord(id, accessTime, accessTime,
                manager.config().maxInactiveInterval(), Map.of());
        try {
            manager.store().save(record);
        } catch (IOException e) {
            throw new UncheckedIOException("session store failed to create a session", e);
        }
        current = new JguHttpSession(manager, record, true, this::invalidated);
        manager.events().created(current);
        return current;
    }

    /** @return the session id the client sent, as sent (possibly malformed), or null */
    public String requestedId() {
        return requestedId;
    }

    /** @return whether the client sent an id that names this request's live session */
    public boolean requestedIdValid() {
        if (requestedId == null) {
            return false;
        }
        lookUp();
        return current != null && current.isValid() && current.getId().equals(requestedId);
    }

    /**
     * {@code HttpServletRequest.changeSessionId()}: moves the session, with this request's changes,
     * to a new id, deletes the old record and sends the new cookie. Not atomic across the two ids:
     * a concurrent request's write to the old id after the move is lost, as the old id is being
     * retired (typically at login).
     *
     * @return the new id
     * @throws IllegalStateException when the request has no session, or the response is committed
     */
    public String changeId() {
        if (get(false) == null) {
            throw new IllegalStateException("no session to change the id of");
        }
        JguHttpSession session = current;
        String oldId = session.getId();
        String newId = SessionIds.next();
        sink.setCookie(SessionCookie.issue(manager.config(), manager.cookiePath(), newId, secureRequest));
        AttributeChanges changes = session.changes(false);
        try {
            Optional<SessionRecord> merged = manager.store().update(oldId,
                    stored -> stored.map(r -> changes.applyTo(r, accessTime)));
            if (merged.isEmpty()) {
                session.lost();
                throw new IllegalStateException("session ended meanwhile, its id cannot be changed");
            }
            SessionRecord moved = merged.get().withId(newId);
            manager.store().save(moved);
            manager.store().delete(oldId);
            session.rebase(newId, moved);
        } catch (IOException e) {
            throw new UncheckedIOException("session store failed to change a session id", e);
        }
        manager.events().idChanged(session, oldId);
        return newId;
    }

    /**
     * Ends the request: writes this request's changes under the session's lock (see
     * {@link JguHttpSession}), or, when there are none, only records the access, which the store
     * may do more cheaply. Does nothing for a request without a live session, or when called
     * again.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        JguHttpSession session = current;
        if (session == null || !session.isValid()) {
            return;
        }
        AttributeChanges changes = session.changes(true);
        try {
            if (changes.isEmpty()) {
                manager.store().touch(session.getId(), accessTime);
            } else if (manager.store().update(session.getId(),
                    stored -> stored.map(r -> changes.applyTo(r, accessTime))).isEmpty()) {
                manager.log().debug("session ended during the request, changes dropped: attributes="
                        + changes.puts().size() + " removed=" + changes.removes().size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("session store failed to save a session", e);
        }
    }

    private void lookUp() {
        if (lookedUp) {
            return;
        }
        lookedUp = true;
        if (!SessionIds.isWellFormed(requestedId)) {
            return;
        }
        try {
            manager.store().load(requestedId, manager::expired)
                    .ifPresent(r -> current = new JguHttpSession(manager, r, false, this::invalidated));
        } catch (IOException e) {
            throw new UncheckedIOException("session store failed to load a session", e);
        }
    }

    private void invalidated(JguHttpSession session) {
        try {
            manager.store().delete(session.getId());
        } catch (IOException e) {
            throw new UncheckedIOException("session store failed to delete a session", e);
        }
        try {
            sink.setCookie(SessionCookie.expire(manager.config(), manager.cookiePath(), secureRequest));
        } catch (IllegalStateException committed) {
            // the record is gone, so the cookie the client keeps names nothing
            manager.log().debug("session invalidated after the response was committed, cookie left to the client");
        }
    }
}
