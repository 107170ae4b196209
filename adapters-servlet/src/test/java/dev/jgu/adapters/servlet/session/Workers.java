package dev.jgu.adapters.servlet.session;

import dev.jgu.testing.RecordingLog;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Worker JVMs of one host, as tests see them: each {@link #start} is a new worker with its own
 * {@link FileSessionStore} and {@link SessionManager} over the one session directory.
 */
final class Workers implements AutoCloseable {

    final TestClock clock = new TestClock();
    final RecordingLog log = new RecordingLog();
    final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    final Path directory;
    final ServletContext context = fakeContext("/shop");
    private final List<SessionManager> started = new ArrayList<>();

    Workers(Path directory) {
        this.directory = directory;
    }

    SessionManager start() {
        return start(SessionConfig.defaults(), getClass().getClassLoader());
    }

    SessionManager start(ClassLoader appLoader) {
        return start(SessionConfig.defaults(), appLoader);
    }

    SessionManager start(SessionConfig config, ClassLoader appLoader) {
        try {
            SessionManager manager = new SessionManager(new FileSessionStore(directory, clock, log), config,
                    context, () -> listeners, appLoader, log, clock);
            started.add(manager);
            return manager;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        started.forEach(SessionManager::close);
    }

    /** A response's Set-Cookie headers; {@link #commit} makes it refuse more, as the core does. */
    static final class Cookies implements CookieSink {
        final List<String> headers = new ArrayList<>();
        boolean committed;

        @Override
        public void setCookie(String value) {
            if (committed) {
                throw new IllegalStateException("response committed");
            }
            headers.add(value);
        }

        void commit() {
            committed = true;
        }

        /** @return the session id of the last cookie set */
        String lastId() {
            String last = headers.get(headers.size() - 1);
            return last.substring(last.indexOf('=') + 1, last.indexOf(';'));
        }
    }

    static ServletContext fakeContext(String contextPath) {
        return (ServletContext) Proxy.newProxyInstance(Workers.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> contextPath;
                    case "toString" -> "fake context " + contextPath;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
