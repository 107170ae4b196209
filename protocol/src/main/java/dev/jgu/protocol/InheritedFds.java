package dev.jgu.protocol;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Turns the fd numbers a worker inherited from the arbiter into JDK objects.
 *
 * <p>The JDK has no public way to wrap an arbitrary fd in a channel
 * ({@code System.inheritedChannel()} only covers fd 0), so this uses the
 * {@code sun.nio.ch} constructor the JDK itself uses for inherited channels.
 * It needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}, which the
 * arbiter puts on every worker's command line.
 */
public final class InheritedFds {

    private InheritedFds() {
    }

    /**
     * Wraps an inherited listening socket.
     *
     * @param fd the fd number
     * @param family INET, INET6 or UNIX
     * @return a blocking server channel over that fd
     * @throws IOException when the fd cannot be wrapped (the JVM flag is missing, or the fd is not a socket)
     */
    public static ServerSocketChannel serverChannel(int fd, ProtocolFamily family) throws IOException {
        try {
            Class<?> impl = Class.forName("sun.nio.ch.ServerSocketChannelImpl");
            Constructor<?> ctor = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                    FileDescriptor.class, boolean.class);
            ctor.setAccessible(true);
            return (ServerSocketChannel) ctor.newInstance(SelectorProvider.provider(), family, descriptor(fd), true);
        } catch (InvocationTargetException e) {
            throw new IOException("fd " + fd + ": not a usable " + family + " listening socket: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("fd " + fd + ": cannot wrap as a channel (is --add-opens java.base/sun.nio.ch=ALL-UNNAMED set?): " + e, e);
        }
    }

    /**
     * A {@link FileDescriptor} for an inherited fd number.
     *
     * @param fd the fd number
     * @return the descriptor
     * @throws IOException when the JDK internals are not reachable
     */
    public static FileDescriptor descriptor(int fd) throws IOException {
        try {
            Method newFd = Class.forName("sun.nio.ch.IOUtil").getDeclaredMethod("newFD", int.class);
            newFd.setAccessible(true);
            return (FileDescriptor) newFd.invoke(null, fd);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("fd " + fd + ": cannot make a FileDescriptor (is --add-opens java.base/sun.nio.ch=ALL-UNNAMED set?): " + e, e);
        }
    }

    /**
     * The protocol family of a listener, from how it was bound.
     *
     * @param address {@code unix:PATH}, {@code [V6]:PORT} or {@code HOST:PORT}
     * @return the family
     */
    public static ProtocolFamily familyOf(String address) {
        if (address.startsWith("unix:")) {
            return StandardProtocolFamily.UNIX;
        }
        return address.startsWith("[") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }
}
