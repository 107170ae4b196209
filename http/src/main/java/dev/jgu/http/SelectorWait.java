package dev.jgu.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A bounded wait for one non-blocking channel, on the calling thread's own selector: how a
 * thread that serves a connection waits for it to become readable or writable. The key is
 * cancelled and flushed after every wait: the JDK defers closing a channel (and keeps it from
 * turning blocking again) until every selector it is registered with has let go of it, and a
 * thread's selector may not select again for a long time.
 */
public final class SelectorWait {

    private static final ThreadLocal<Selector> SELECTOR = ThreadLocal.withInitial(() -> {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    });

    private SelectorWait() {
    }

    /**
     * @param channel a non-blocking channel
     * @param op {@link SelectionKey#OP_READ} or {@link SelectionKey#OP_WRITE}
     * @param millis how long to wait at most (0 waits without bound, as {@link Selector#select(long)})
     * @return whether the channel became ready for {@code op} in time
     */
    public static boolean ready(SelectableChannel channel, int op, long millis) throws IOException {
        Selector selector = SELECTOR.get();
        SelectionKey key = channel.register(selector, op);
        try {
            return selector.select(millis) > 0;
        } finally {
            key.cancel();
            selector.selectNow();
        }
    }
}
