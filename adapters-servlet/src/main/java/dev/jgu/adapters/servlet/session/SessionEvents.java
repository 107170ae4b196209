package dev.jgu.adapters.servlet.session;

import dev.jgu.spi.Log;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells the web app's listeners and attribute values about session events. A listener that
 * throws is logged and the others still run, as in Tomcat: one broken listener must not fail the
 * request or stop an expiry sweep.
 */
final class SessionEvents {

    private final Supplier<List<EventListener>> listeners;
    private final Log log;

    SessionEvents(Supplier<List<EventListener>> listeners, Log log) {
        this.listeners = listeners;
        this.log = log;
    }

    void created(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        each(HttpSessionListener.class, false, l -> l.sessionCreated(event), "sessionCreated");
    }

    /** In reverse order of declaration, as the Servlet spec orders tear-down. */
    void destroyed(HttpSession session) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        each(HttpSessionListener.class, true, l -> l.sessionDestroyed(event), "sessionDestroyed");
    }

    void idChanged(HttpSession session, String oldId) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        each(HttpSessionIdListener.class, false, l -> l.sessionIdChanged(event, oldId), "sessionIdChanged");
    }

    void added(HttpSession session, String name, Object value) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
        each(HttpSessionAttributeListener.class, false, l -> l.attributeAdded(event), "attributeAdded");
    }

    /** @param old the value replaced, as {@code HttpSessionBindingEvent.getValue} promises */
    void replaced(HttpSession session, String name, Object old) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
        each(HttpSessionAttributeListener.class, false, l -> l.attributeReplaced(event), "attributeReplaced");
    }

    void removed(HttpSession session, String name, Object value) {
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
        each(HttpSessionAttributeListener.class, false, l -> l.attributeRemoved(event), "attributeRemoved");
    }

    void bound(HttpSession session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener l) {
            guard(l, "valueBound", () -> l.valueBound(new HttpSessionBindingEvent(session, name, value)));
        }
    }

    void unbound(HttpSession session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener l) {
            guard(l, "valueUnbound", () -> l.valueUnbound(new HttpSessionBindingEvent(session, name, value)));
        }
    }

    void didActivate(HttpSession session, Object value) {
        if (value instanceof HttpSessionActivationListener l) {
            guard(l, "sessionDidActivate", () -> l.sessionDidActivate(new HttpSessionEvent(session)));
        }
    }

    void willPassivate(HttpSession session, Object value) {
        if (value instanceof HttpSessionActivationListener l) {
            guard(l, "sessionWillPassivate", () -> l.sessionWillPassivate(new HttpSessionEvent(session)));
        }
    }

    private <T> void each(Class<T> type, boolean reverse, Consumer<T> call, String event) {
        List<EventListener> all = listeners.get();
        for (int i = 0; i < all.size(); i++) {
            EventListener listener = all.get(reverse ? all.size() - 1 - i : i);
            if (type.isInstance(listener)) {
                guard(listener, event, () -> call.accept(type.cast(listener)));
            }
        }
    }

    private void guard(Object listener, String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("session listener failed: listener=" + listener.getClass().getName() + " event=" + event, e);
        }
    }
}
