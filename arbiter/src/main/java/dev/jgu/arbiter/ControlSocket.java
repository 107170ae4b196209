package dev.jgu.arbiter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jgu.arbiter.config.Config;
import dev.jgu.arbiter.ctl.CtlReply;
import dev.jgu.arbiter.ctl.CtlRequest;
import dev.jgu.protocol.ErrorLog;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongPredicate;
import java.util.function.ToLongFunction;

/**
 * The arbiter's control socket, which {@code jgu ctl} talks to: a UNIX socket served by a
 * daemon thread, so the loop never waits on a client. Each connection carries one request
 * line and gets one reply line (JSON, {@link CtlRequest}, {@link CtlReply}). {@code status},
 * {@code workers} and {@code config} are answered here from what the loop {@link #publish}ed;
 * the verbs that act are queued for the loop as a {@link ControlCall}, only once the whole
 * request was read. A client that says nothing is dropped after {@link #READ_TIMEOUT}; one
 * whose {@code SO_PEERCRED} uid is neither the arbiter's nor root is refused.
 */
final class ControlSocket implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** How long a client waits for the loop to carry out its verb (a loop turn is 100 ms). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    static final int MAX_REQUEST = 64 * 1024;
    static final int MAX_CLIENTS = 8;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ServerSocketChannel server;
    private volatile Path path;
    private final Object fileKey;
    private final LongPredicate peerAllowed;
    private final ToLongFunction<String> uidOfName;
    private final String allowedText;
    private final BlockingQueue<Request> loop;
    private final ErrorLog log;
    private final Semaphore clients = new Semaphore(MAX_CLIENTS);
    private final Duration readTimeout;
    private final ScheduledExecutorService deadlines;
    private volatile PoolSnapshot snapshot;
    private volatile Config config;
    private volatile boolean open = true;

    private ControlSocket(ServerSocketChannel server, Path path, Object fileKey, LongPredicate peerAllowed, String allowedText,
                          ToLongFunction<String> uidOfName, BlockingQueue<Request> loop, ErrorLog log, Duration readTimeout) {
        this.server = server;
        this.readTimeout = readTimeout;
        this.path = path;
        this.fileKey = fileKey;
        this.peerAllowed = peerAllowed;
        this.allowedText = allowedText;
        this.uidOfName = uidOfName;
        this.loop = loop;
        this.log = log;
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jgu-control-deadlines"));
    }

    /**
     * Binds {@code path} with {@code mode} and starts serving it.
     *
     * @param euid the arbiter's uid: it and root may connect
     * @param uidOfName the uid of a user name as {@code SO_PEERCRED} reports it
     */
    static ControlSocket open(Path path, int mode, long euid, ToLongFunction<String> uidOfName, Posix posix,
                              BlockingQueue<Request> loop, ErrorLog log) throws IOException {
        return open(path, mode, uid -> uid == euid || uid == 0, euid == 0 ? "root" : "uid " + euid + " and root", uidOfName, posix, loop,
                log, READ_TIMEOUT);
    }

    /**
     * @param peerAllowed which peer uids are served
     * @param allowedText how the refusal names them: {@code uid 1000 and root}
     */
    static ControlSocket open(Path path, int mode, LongPredicate peerAllowed, String allowedText, ToLongFunction<String> uidOfName,
                              Posix posix, BlockingQueue<Request> loop, ErrorLog log, Duration readTimeout) throws IOException {
        ServerSocketChannel channel = bind(path, mode, posix);
        Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        ControlSocket socket = new ControlSocket(channel, path, key, peerAllowed, allowedText, uidOfName, loop, log, readTimeout);
        daemon(socket::acceptLoop, "jgu-control").start();
        return socket;
    }

    /**
     * Binds under umask 0177, so the file is never more open than 0600 between bind and
     * chmod; a symbolic link at the path is refused and a stale socket file removed, as for
     * {@code unix:} listeners. The umask is process-wide: only the loop thread creates files.
     */
    private static ServerSocketChannel bind(Path path, int mode, Posix posix) throws IOException {
        try {
            ListenerSocket.removeStaleSocket(path);
        } catch (IOException e) {
            throw new IOException(e.getMessage().replace("bind unix:" + path, "control_socket " + path), e);
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        int previous = posix.umask(0177);
        try {
            channel.bind(UnixDomainSocketAddress.of(path), MAX_CLIENTS);
            Files.setPosixFilePermissions(path, permissions(mode));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("control_socket " + path + ": " + e.getMessage(), e);
        } finally {
            posix.umask(previous);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            text.append((mode & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    /**
     * Makes the default directory ({@code ~/.jgu}, {@code $XDG_RUNTIME_DIR/jgu}) ours: created
     * 0700, or, when it exists, a real directory owned by {@code euid}, set to 0700; the sockets
     * of arbiters that no longer run are removed from it.
     */
    static void prepareDefaultDir(Path dir, long euid) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another arbiter made it at the same moment: checked below like any existing one
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory (or is a symbolic link); refusing to put the control socket there");
        }
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!(owner instanceof Integer uid) || uid != euid) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to this arbiter's uid " + euid
                    + "; refusing to put the control socket there");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.newDirectoryStream(dir, "arbiter-*.ctl")) {
            for (Path file : files) {
                String pid = file.getFileName().toString().replaceAll("\\D", "");
                if (!pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                ListenerSocket.removeStaleSocket(file);
            }
        } catch (IOException | NumberFormatException e) {
            // a file we cannot judge stays; jgu ctl skips sockets whose arbiter does not run
        }
    }

    Path path() {
        return path;
    }

    /** Called by the loop every turn: what {@code status}, {@code workers} and {@code config} show. */
    void publish(PoolSnapshot pool, Config running) {
        snapshot = pool;
        config = running;
    }

    /** A USR2 child's promotion: its {@code PATH.2} becomes {@code PATH}, as its pidfile does. */
    void moveTo(Path target) throws IOException {
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        path = target;
    }

    private void acceptLoop() {
        while (open) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.error("control socket: accept failed: " + e.getMessage());
                continue;
            }
            if (!clients.tryAcquire()) {
                // Written without waiting (a fresh connection's buffer has room for it), then only our side is shut:
                // closing with its request unread would reset the connection before it read why. Closed a moment later.
                reply(client, CtlReply.error("busy: " + MAX_CLIENTS + " clients are connected; try again"));
                try {
                    client.shutdownOutput();
                } catch (IOException e) {
                    // it left already
                }
                deadlines.schedule(() -> closeQuietly(client), 1, TimeUnit.SECONDS);
                continue;
            }
            daemon(() -> serve(client), "jgu-control-client").start();
        }
    }

    private void serve(SocketChannel client) {
        ScheduledFuture<?> readDeadline = deadlines.schedule(() -> {
            reply(client, CtlReply.error("no request within " + readTimeout.toMillis() + "ms; closing"));
            closeQuietly(client);
        }, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (client) {
            long uid = peerUid(client);
            if (!peerAllowed.test(uid)) {
                log.warn("control socket: refused a connection from uid=" + uid + " (only " + allowedText + " may use " + path + ")");
                // Its request is read (bounded, like any) but not acted upon: closing with it unread would
                // reset the connection, and the client would never see why it was refused.
                try {
                    readLine(client);
                } catch (CtlRequest.BadRequest e) {
                    // refused all the same
                }
                if (!readDeadline.cancel(false)) {
                    return;
                }
                reply(client, CtlReply.error("permission denied: uid " + uid + " may not use this control socket (only "
                        + allowedText + ")"));
                return;
            }
            CtlReply outcome;
            try {
                String line = readLine(client);
                if (!readDeadline.cancel(false)) {
                    return;
                }
                outcome = answer(CtlRequest.fromJson(line));
            } catch (CtlRequest.BadRequest e) {
                readDeadline.cancel(false);
                outcome = CtlReply.error(e.getMessage());
            }
            ScheduledFuture<?> writeDeadline = deadlines.schedule(() -> closeQuietly(client), ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            reply(client, outcome);
            writeDeadline.cancel(false);
        } catch (AsynchronousCloseException e) {
            log.info("control socket: dropped a client that sent no request within " + readTimeout.toMillis() + "ms");
        } catch (IOException | RuntimeException e) {
            log.warn("control socket: client error: " + e);
        } finally {
            readDeadline.cancel(false);
            clients.release();
        }
    }

    private long peerUid(SocketChannel client) throws IOException {
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        // The JDK names the peer's user (getpwuid), or gives the number when it has no name.
        return uidOfName.applyAsLong(peer.user().getName());
    }

    private CtlReply answer(CtlRequest request) {
        PoolSnapshot pool = snapshot;
        Config running = config;
        if (pool == null || running == null) {
            return CtlReply.error("the arbiter is still starting; try again");
        }
        return switch (request.verb()) {
            case STATUS -> CtlReply.ok("status", pool.json(WorkerProcesses::readRssKib));
            case WORKERS -> CtlReply.ok("workers", JsonNodeFactory.instance.objectNode()
                    .set("workers", pool.workersJson(WorkerProcesses::readRssKib)));
            case CONFIG -> CtlReply.ok("config", configJson(running));
            default -> carriedOut(request);
        };
    }

    /** Queues an acting verb for the loop and waits, bounded, for what it did. */
    private CtlReply carriedOut(CtlRequest request) {
        ControlCall call = new ControlCall(request);
        if (!open || !loop.offer(call)) {
            return CtlReply.error("the arbiter is stopping");
        }
        try {
            return call.reply().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return CtlReply.error("the arbiter loop did not get to " + request.verb().word() + " within "
                    + ANSWER_TIMEOUT.toSeconds() + "s; it may still carry it out (see the error log)");
        } catch (ExecutionException e) {
            return CtlReply.error(request.verb().word() + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CtlReply.error("interrupted");
        }
    }

    static ObjectNode configJson(Config running) {
        // Made here, not at class load: jackson's databind stays out of the arbiter until someone asks.
        var values = new com.fasterxml.jackson.databind.ObjectMapper();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("file", running.configFile() == null ? null : running.configFile().toString());
        var list = data.putArray("settings");
        for (var setting : dev.jgu.protocol.settings.Registry.all()) {
            Object value = running.get(setting);
            ObjectNode entry = list.addObject().put("name", setting.name()).put("section", setting.sectionEnum().title());
            try {
                entry.set("value", values.valueToTree(value));
            } catch (IllegalArgumentException e) {
                entry.put("value", String.valueOf(value));
            }
            entry.put("toml", running.toml(setting)).put("source", running.sourceOf(setting));
        }
        return data;
    }

    /** The request line, without its newline (or all that came before the client closed its side). */
    private static String readLine(SocketChannel client) throws IOException, CtlRequest.BadRequest {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (line.size() <= MAX_REQUEST) {
            buffer.clear();
            int n = client.read(buffer);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(buffer.get(i));
            }
        }
        if (line.size() > MAX_REQUEST) {
            throw new CtlRequest.BadRequest("the request is over " + MAX_REQUEST + " bytes without a newline");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private void reply(SocketChannel client, CtlReply outcome) {
        ByteBuffer bytes = ByteBuffer.wrap((outcome.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                client.write(bytes);
            }
        } catch (IOException e) {
            // the client left before its answer: nothing to tell it
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing a client we are dropping cannot be acted upon
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Stops accepting, lets replies being written finish (a {@code shutdown}'s), and removes the
     * socket file when it is still the one bound here.
     *
     * @return why the file could not be removed, or null
     */
    String closeAndUnlink() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            // the socket is being abandoned; the file is removed below
        }
        try {
            if (clients.tryAcquire(MAX_CLIENTS, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                clients.release(MAX_CLIENTS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow();
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (Objects.equals(now.fileKey(), fileKey)) {
                Files.delete(path);
            }
            return null;
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "cannot remove " + path + ": " + e.getMessage();
        }
    }

    @Override
    public void close() {
        closeAndUnlink();
    }
}
