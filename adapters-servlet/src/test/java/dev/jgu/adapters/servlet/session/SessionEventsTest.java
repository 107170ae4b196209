package dev.jgu.adapters.servlet.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionEventsTest {

    /** What listeners and values heard; static because values are serialized and come back as copies. */
    static final List<String> HEARD = new CopyOnWriteArrayList<>();

    @TempDir
    Path temp;

    private Workers workers;
    private SessionManager worker;

    @BeforeEach
    void start() {
        HEARD.clear();
        workers = new Workers(temp.resolve("sessions"));
        workers.listeners.add(new Recorder("first"));
        workers.listeners.add(new Recorder("second"));
        worker = workers.start();
    }

    @AfterEach
    void stop() {
        workers.close();
    }

    static final class Recorder implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
        private final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            HEARD.add(name + " created");
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            HEARD.add(name + " destroyed with user=" + event.getSession().getAttribute("user"));
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
            HEARD.add(name + " id changed " + !oldSessionId.equals(event.getSession().getId()));
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            HEARD.add(name + " added " + event.getName() + "=" + event.getValue());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent event) {
            HEARD.add(name + " replaced " + event.getName() + " old=" + event.getValue());
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent event) {
            HEARD.add(name + " removed " + event.getName() + "=" + event.getValue());
        }
    }

    record Bound(String label) implements Serializable, HttpSessionBindingListener {
        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            HEARD.add(label + " bound as " + event.getName());
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            HEARD.add(label + " unbound from " + event.getName());
        }

        @Override
        public String toString() {
            return label;
        }
    }

    record Passivating(String label) implements Serializable, HttpSessionActivationListener {
        @Override
        public void sessionWillPassivate(HttpSessionEvent event) {
            HEARD.add(label + " will passivate");
        }

        @Override
        public void sessionDidActivate(HttpSessionEvent event) {
            HEARD.add(label + " did activate");
        }
    }

    static final class Throwing implements HttpSessionListener {
        @Override
        public void sessionCreated(HttpSessionEvent event) {
            throw new IllegalStateException("broken listener");
        }
    }

    @Test
    void attributeEventsArriveInOrder() {
        RequestSessions request = worker.forRequest(null, false, new Workers.Cookies());
        HttpSession session = request.get(true);
        session.setAttribute("user", "alice");
        session.setAttribute("user", "bob");
        session.setAttribute("token", new Bound("a"));
        session.setAttribute("token", new Bound("b"));
        session.removeAttribute("token");
        session.removeAttribute("absent");
        request.finish();

        assertEquals(List.of(
                "first created", "second created",
                "first added user=alice", "second added user=alice",
                "first replaced user old=alice", "second replaced user old=alice",
                "a bound as token",
                "first added token=a", "second added token=a",
                "b bound as token", "a unbound from token",
                "first replaced token old=a", "second replaced token old=a",
                "b unbound from token",
                "first removed token=b", "second removed token=b"), HEARD);
    }

    @Test
    void invalidateTellsListenersInReverseThenUnbindsAttributes() {
        RequestSessions creating = worker.forRequest(null, false, new Workers.Cookies());
        HttpSession created = creating.get(true);
        created.setAttribute("user", "alice");
        created.setAttribute("token", new Bound("a"));
        creating.finish();
        HEARD.clear();

        RequestSessions request = worker.forRequest(created.getId(), false, new Workers.Cookies());
        request.get(false).invalidate();

        assertEquals(List.of(
                "second destroyed with user=alice", "first destroyed with user=alice",
                "first removed user=alice", "second removed user=alice",
                "a unbound from token",
                "first removed token=a", "second removed token=a"), HEARD);
    }

    @Test
    void expiryTellsListenersOnceWithTheAttributes() throws Exception {
        SessionManager other = workers.start();
        RequestSessions creating = worker.forRequest(null, false, new Workers.Cookies());
        creating.get(true).setAttribute("user", "alice");
        creating.finish();
        HEARD.clear();
        workers.clock.advance(Duration.ofMinutes(31));

        assertEquals(1, other.expireNow());
        assertEquals(0, worker.expireNow());

        assertEquals(List.of("second destroyed with user=alice", "first destroyed with user=alice",
                "first removed user=alice", "second removed user=alice"), HEARD);
    }

    @Test
    void changeIdTellsIdListeners() {
        RequestSessions request = worker.forRequest(null, false, new Workers.Cookies());
        request.get(true);
        HEARD.clear();

        request.changeId();

        assertEquals(List.of("first id changed true", "second id changed true"), HEARD);
    }

    @Test
    void activationListenersHearSaveAndLoad() {
        RequestSessions creating = worker.forRequest(null, false, new Workers.Cookies());
        HttpSession session = creating.get(true);
        session.setAttribute("p", new Passivating("p"));
        HEARD.clear();
        creating.finish();
        assertEquals(List.of("p will passivate"), HEARD);
        HEARD.clear();

        RequestSessions next = workers.start().forRequest(session.getId(), false, new Workers.Cookies());
        next.get(false).getAttribute("p");
        next.get(false).getAttribute("p");

        assertEquals(List.of("p did activate"), HEARD);
    }

    @Test
    void brokenListenerIsLoggedAndTheOthersStillRun() {
        workers.listeners.add(0, new Throwing());
        RequestSessions request = worker.forRequest(null, false, new Workers.Cookies());

        request.get(true);

        assertEquals(List.of("first created", "second created"), HEARD);
        assertEquals(1, workers.log.problems().size());
        assertTrue(workers.log.problems().get(0).contains(Throwing.class.getName()), workers.log.problems().get(0));
    }
}
