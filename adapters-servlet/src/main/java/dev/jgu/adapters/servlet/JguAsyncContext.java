package dev.jgu.adapters.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code startAsync} (spec 2.3.3.3). The worker's thread that ran the servlet stays with the
 * request once the servlet returns, waiting for the app's {@link #complete()} or {@link
 * #dispatch}, or for the timeout; it runs async dispatches itself, then ends the response. The
 * app completes the request from any thread (a {@code DeferredResult}, a Jersey
 * {@code AsyncResponse}, {@link #start(Runnable)}).
 *
 * <p>So an async request holds its worker thread while it waits: a virtual thread under the
 * {@code async} worker class (cheap), one of {@code threads} under {@code gthread}, and the
 * worker's only thread under {@code sync}. It does not hold a lock or stop other connections of
 * {@code gthread} and {@code async} workers from being served.
 */
final class JguAsyncContext implements AsyncContext {

    private static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final ServletContainer container;
    private final JguRequest base;
    private ServletRequest request;
    private ServletResponse response;
    private final String originalPath;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private record Registered(AsyncListener listener, ServletRequest request, ServletResponse response) {
    }

    private final List<Registered> listeners = new ArrayList<>();
    private long timeoutMs = DEFAULT_TIMEOUT_MS;
    /** In async mode: startAsync was called and neither complete nor dispatch has been acted on. */
    private boolean started = true;
    private boolean completeCalled;
    private boolean completed;
    private String dispatchPath;
    private boolean dispatchCalled;

    JguAsyncContext(ServletContainer container, JguRequest base, ServletRequest request, ServletResponse response) {
        this.container = container;
        this.base = base;
        this.request = request;
        this.response = response;
        this.originalPath = base.servletPath + (base.pathInfo == null ? "" : base.pathInfo);
    }

    boolean started() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    /** startAsync again during an async dispatch: a new cycle, listeners told and dropped. */
    void restart(ServletRequest request, ServletResponse response) {
        List<Registered> told;
        lock.lock();
        try {
            if (started) {
                throw new IllegalStateException("startAsync: the request is already in async mode");
            }
            if (completed) {
                throw new IllegalStateException("startAsync: the async request was already completed");
            }
            this.request = request;
            this.response = response;
            started = true;
            dispatchCalled = false;
            dispatchPath = null;
            timeoutMs = DEFAULT_TIMEOUT_MS;
            told = new ArrayList<>(listeners);
            listeners.clear();
        } finally {
            lock.unlock();
        }
        for (Registered r : told) {
            try {
                r.listener.onStartAsync(new AsyncEvent(this, r.request, r.response));
            } catch (IOException | RuntimeException e) {
                container.log().error("servlet: AsyncListener.onStartAsync failed", e);
            }
        }
    }

    @Override
    public ServletRequest getRequest() {
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return request == base && response == base.response;
    }

    @Override
    public void dispatch() {
        dispatch(originalPath);
    }

    @Override
    public void dispatch(String path) {
        lock.lock();
        try {
            if (dispatchCalled || completeCalled) {
                throw new IllegalStateException("dispatch: complete or dispatch was already called");
            }
            dispatchCalled = true;
            dispatchPath = path;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        if (context != container.context()) {
            throw new UnsupportedOperationException("dispatch to another ServletContext: jgu serves one web app per worker");
        }
        dispatch(path);
    }

    @Override
    public void complete() {
        lock.lock();
        try {
            if (completed) {
                return;
            }
            completeCalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start(Runnable run) {
        ClassLoader loader = container.context().getClassLoader();
        container.asyncExecutor.execute(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            try {
                run.run();
            } catch (RuntimeException | Error e) {
                container.log().error("servlet: an AsyncContext.start task failed", e);
            }
        });
    }

    @Override
    public void addListener(AsyncListener listener) {
        addListener(listener, request, response);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
        lock.lock();
        try {
            listeners.add(new Registered(listener, servletRequest, servletResponse));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return container.context().instantiate(clazz, "async listener");
    }

    @Override
    public void setTimeout(long timeout) {
        timeoutMs = timeout;
    }

    @Override
    public long getTimeout() {
        return timeoutMs;
    }

    /**
     * Called on the request's thread after the servlet returned: waits for complete, dispatch or
     * the timeout, runs dispatches, and returns when the request is done.
     */
    void runUntilDone() throws IOException {
        while (true) {
            String dispatch;
            lock.lock();
            try {
                if (!started && !dispatchCalled) {
                    break;
                }
                long deadline = timeoutMs > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) : Long.MAX_VALUE;
                while (!completeCalled && !dispatchCalled) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        completeCalled = true;
                    }
                }
                if (completeCalled) {
                    break;
                }
                dispatch = dispatchCalled ? dispatchPath : null;
            } finally {
                lock.unlock();
            }
            if (dispatch == null) {
                timedOut();
                continue;
            }
            lock.lock();
            try {
                started = false;
                dispatchCalled = false;
            } finally {
                lock.unlock();
            }
            Dispatcher.of(container, dispatch).dispatch(base, request, response, DispatcherType.ASYNC);
            if (base.response.errorSent()) {
                container.errorPage(base, request, response, null);
            }
            lock.lock();
            try {
                if (!started && !dispatchCalled) {
                    break;
                }
            } finally {
                lock.unlock();
            }
        }
        finish();
    }

    private void timedOut() throws IOException {
        for (Registered r : snapshot()) {
            try {
                r.listener.onTimeout(new AsyncEvent(this, r.request, r.response));
            } catch (IOException | RuntimeException e) {
                container.log().error("servlet: AsyncListener.onTimeout failed", e);
            }
        }
        lock.lock();
        try {
            if (completeCalled || dispatchCalled) {
                return;
            }
            completeCalled = true;
        } finally {
            lock.unlock();
        }
        container.log().info("servlet: async request " + base.getMethod() + " " + base.getRequestURI() + " timed out after "
                + timeoutMs + " ms and no listener completed it: 500");
        if (!base.response.isCommitted()) {
            base.response.reset();
            base.response.sendError(500, "the asynchronous request timed out");
            container.errorPage(base, request, response, null);
        }
    }

    private void finish() {
        lock.lock();
        try {
            completed = true;
            started = false;
        } finally {
            lock.unlock();
        }
        for (Registered r : snapshot()) {
            try {
                r.listener.onComplete(new AsyncEvent(this, r.request, r.response));
            } catch (IOException | RuntimeException e) {
                container.log().error("servlet: AsyncListener.onComplete failed", e);
            }
        }
    }

    private List<Registered> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(listeners);
        } finally {
            lock.unlock();
        }
    }
}
