package dev.jgu.workers.sync;

import dev.jgu.http.ConnectionInfo;
import dev.jgu.http.Http1Connection;
import dev.jgu.http.HttpConfig;
import dev.jgu.http.RequestObserver;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.Listener;
import dev.jgu.spi.WorkerClass;
import dev.jgu.spi.WorkerContext;
import dev.jgu.workers.runtime.AcceptKeys;
import dev.jgu.workers.runtime.HttpSettings;
import dev.jgu.workers.runtime.WorkerObserver;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * Gunicorn's {@code sync} worker: one request at a time per process, every
 * response with {@code Connection: close}. Made to sit behind a buffering proxy
 * (nginx): a client that sends its request slowly holds the worker's only thread, for
 * {@code header_timeout} at most while its head trickles in (the codec's deadline), so
 * each slowloris connection costs a worker that long. The heartbeat is written between requests, so a request that runs
 * longer than {@code timeout} gets the worker replaced: for this class the
 * timeout is effectively a request timeout, as in Gunicorn. A connection whose client
 * may still be sending closes lingeringly, drained by the worker's selector between
 * requests (see {@link Lingering}).
 */
public final class SyncWorker implements WorkerClass {

    private static final long TICK_MS = 1000;
    /** The most connections taken from one listener between two selects. */
    private static final int ACCEPT_RUN = 64;

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String description() {
        return "one request at a time per process, Connection: close (Gunicorn's sync); a slow client holds it"
                + " (up to header_timeout for its head), so put a buffering proxy such as nginx in front";
    }

    @Override
    public void run(WorkerContext context) throws IOException {
        SettingValues settings = SettingValues.from(context.settings());
        HttpConfig http = HttpSettings.config(settings);
        long clientTimeout = GthreadPoller.clientTimeoutSeconds(settings) * 1000L;
        // Heartbeat at least twice per timeout, as Gunicorn's sync worker selects for timeout / 2.
        int timeout = settings.get(WorkerSettings.TIMEOUT);
        long tick = timeout > 0 ? Math.max(100, Math.min(TICK_MS, timeout * 500L)) : TICK_MS;
        RequestObserver observer = new WorkerObserver(context);
        try (Selector acceptor = Selector.open()) {
            AcceptKeys acceptKeys = AcceptKeys.register(context, acceptor);
            Lingering lingering = new Lingering(context, acceptor);
            context.onStop(acceptor::wakeup);
            while (context.alive()) {
                context.heartbeat();
                acceptor.select(lingering.selectMillis(tick));
                Iterator<SelectionKey> keys = acceptor.selectedKeys().iterator();
                while (keys.hasNext() && context.alive()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (lingering.ready(key)) {
                        continue;
                    }
                    // Keep accepting while clients wait, as Gunicorn's sync worker does, rather than select
                    // before each one; a bounded run lets the other listeners have their turn.
                    for (int run = 0; run < ACCEPT_RUN && context.alive(); run++) {
                        SocketChannel accepted = AcceptKeys.accept(context, (ServerSocketChannel) key.channel());
                        if (accepted == null) {
                            break;
                        }
                        serve(context, (Listener) key.attachment(), accepted, clientTimeout, http, observer, lingering);
                        context.heartbeat();
                    }
                }
                lingering.expire(System.nanoTime());
            }
            // As a request in flight is finished on TERM, an answer being delivered is too (within its bounds).
            acceptKeys.pause(true);
            lingering.finish(tick);
        }
    }

    private static void serve(WorkerContext context, Listener listener, SocketChannel accepted, long timeoutMillis,
                              HttpConfig http, RequestObserver observer, Lingering lingering) {
        context.connectionOpened();
        boolean lingers = false;
        try {
            accepted.configureBlocking(false);
            Http1Connection connection = Http1Connection.serving(context.handler(),
                    new TimedTransport(accepted, timeoutMillis), ConnectionInfo.of(accepted, listener), http,
                    context.log(), observer);
            connection.serveOne(false);
            lingers = lingering.begin(accepted, connection.unreadInput(), connection.mayPipeline());
        } catch (IOException e) {
            context.log().debug("connection error: peer=" + peer(accepted) + " error=" + e);
        } finally {
            if (!lingers) {
                close(context, accepted);
            }
        }
    }

    static void close(WorkerContext context, SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            context.log().debug("connection close failed: peer=" + peer(channel) + " error=" + e);
        }
        context.connectionClosed();
    }

    static String peer(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }
}
