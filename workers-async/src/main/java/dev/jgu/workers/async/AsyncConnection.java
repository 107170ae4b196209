package dev.jgu.workers.async;

import dev.jgu.http.ConnectionInfo;
import dev.jgu.http.Http1Connection;
import dev.jgu.spi.Listener;
import dev.jgu.spi.WorkerContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * One client connection of an {@code async} worker; its {@link #run()} is the body of its
 * virtual thread, which also drains it when it closes lingeringly.
 */
final class AsyncConnection implements Runnable {

    private final SocketChannel channel;
    private final Listener listener;
    private final AsyncServer server;
    private final EventLoop loop;
    private final WorkerContext context;
    final LoopTransport transport;

    AsyncConnection(SocketChannel channel, Listener listener, AsyncServer server, EventLoop loop, LoopTransport transport) {
        this.channel = channel;
        this.listener = listener;
        this.server = server;
        this.loop = loop;
        this.context = server.context();
        this.transport = transport;
    }

    @Override
    public void run() {
        try {
            Http1Connection http = Http1Connection.serving(context.handler(), transport,
                    ConnectionInfo.of(channel, listener), server.http(), context.log(), server.observer());
            boolean keep = true;
            boolean served = false;
            // asked after the app answered, so a worker that began stopping closes instead
            BooleanSupplier mayKeepAlive = () -> server.keepAlive() && context.alive();
            while (keep && (context.alive() || !served)) {
                long wait = served ? server.keepAliveNanos() : server.firstBytesNanos();
                if (!http.hasBufferedInput() && !transport.idle(System.nanoTime() + wait, served)) {
                    return;
                }
                keep = http.serveOne(mayKeepAlive);
                served = true;
            }
            transport.linger(http.unreadInput(), http.mayPipeline(), context.log());
        } catch (IOException | UncheckedIOException e) {
            context.log().debug("connection error: error=" + e);
        } catch (RuntimeException e) {
            context.log().error("connection failed", e);
        } finally {
            transport.close();
            loop.closed(this);
        }
    }
}
