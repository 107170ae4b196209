package dev.jgu.workers.sync;

import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Setting;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.spi.App;
import dev.jgu.spi.Listener;
import dev.jgu.spi.Log;
import dev.jgu.spi.Settings;
import dev.jgu.spi.WorkerContext;
import dev.jgu.testing.RecordingLog;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A worker process's context around one loopback listener, for a real poller under test: its log and heartbeats are kept. */
final class PollerContext implements WorkerContext {
    private final ServerSocketChannel server;
    private final SettingValues settings;
    private final App app;
    private volatile boolean alive = true;
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
    final RecordingLog log = new RecordingLog();
    /** What made the poller's run fail. */
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private Thread running;
    final AtomicLong heartbeats = new AtomicLong();

    PollerContext(Map<Setting<?>, Object> overrides, App app) throws IOException {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Registry.all().forEach(s -> values.put(s, s.defaultValue()));
        values.putAll(overrides);
        this.settings = SettingValues.of(values);
        this.app = app;
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Runs a {@link GthreadPoller} over this context on a thread of its own. */
    void start() throws IOException {
        GthreadPoller poller = new GthreadPoller(this);
        running = new Thread(() -> {
            try {
                poller.run();
            } catch (IOException | InterruptedException e) {
                failures.add(e.toString());
            }
        }, "gthread-under-test");
        running.start();
    }

    /** Stops the poller as TERM does and waits for it (bounded). */
    void stop() throws IOException, InterruptedException {
        alive = false;
        onStop.forEach(Runnable::run);
        server.close();
        if (running != null) {
            running.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** @return the poller's failures and the error lines it logged */
    List<String> errors() {
        List<String> all = new ArrayList<>(failures);
        all.addAll(log.matching("ERROR "));
        return all;
    }

    @Override
    public List<Listener> listeners() {
        try {
            return List.of(new Listener(server, "127.0.0.1:" + port(), false, "127.0.0.1", port()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public App app() {
        return app;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Log log() {
        return log;
    }

    @Override
    public int workerId() {
        return 1;
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public void heartbeat() {
        heartbeats.incrementAndGet();
    }

    @Override
    public boolean alive() {
        return alive;
    }

    @Override
    public void onStop(Runnable action) {
        onStop.add(action);
    }

    @Override
    public void requestServed() {
    }

    @Override
    public void connectionOpened() {
    }

    @Override
    public void connectionClosed() {
    }

    @Override
    public void busy(boolean busy) {
    }
}
