package dev.jgu.arbiter.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code jgu ctl [-s PATH] [--json] VERB [ARGS]}: sends one request to a running arbiter's
 * control socket and prints what it answers. Exit 0 when the verb was carried out, 1 when the
 * arbiter refused it or could not be reached, 2 for a command line it cannot send.
 */
public final class CtlMain {

    static final int USAGE = 2;
    /** The longest answer read: a status of 1024 workers is about 200 KiB. */
    private static final int MAX_REPLY = 8 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CtlMain() {
    }

    public static void main(String[] args) {
        int code = run(List.of(args), System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        String socket = null;
        boolean json = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-s") || arg.equals("--control-socket")) {
                if (i + 1 >= args.size()) {
                    err.println("jgu ctl: " + arg + " needs a PATH");
                    return USAGE;
                }
                socket = args.get(++i);
            } else if (arg.startsWith("--control-socket=")) {
                socket = arg.substring("--control-socket=".length());
            } else if (arg.equals("--json") || arg.equals("-j")) {
                json = true;
            } else if (arg.equals("-h") || arg.equals("--help") || words.isEmpty() && arg.equals("help")) {
                out.print(help());
                return 0;
            } else if (arg.startsWith("-") && words.isEmpty() && !arg.matches("-\\d+")) {
                err.println("jgu ctl: unknown option " + arg + "\n" + "Try 'jgu ctl help'.");
                return USAGE;
            } else {
                words.add(arg);
            }
        }
        CtlRequest request;
        try {
            request = CtlRequest.of(words);
        } catch (CtlRequest.BadRequest e) {
            err.println("jgu ctl: " + e.getMessage() + "\nTry 'jgu ctl help'.");
            return USAGE;
        }
        Path path;
        try {
            path = socket != null ? Path.of(socket) : discover(env);
        } catch (IOException e) {
            err.println("jgu ctl: " + e.getMessage());
            return 1;
        }
        CtlReply reply;
        try {
            reply = exchange(path, request, TIMEOUT);
        } catch (IOException e) {
            err.println("jgu ctl: " + e.getMessage());
            return 1;
        }
        if (!reply.ok()) {
            String verb = request.verb().word() + ":";
            err.println("jgu ctl: " + (reply.message().startsWith(verb) ? "" : verb + " ") + reply.message());
            return 1;
        }
        out.print(show(request.verb(), reply, json));
        return 0;
    }

    private static String show(Verb verb, CtlReply reply, boolean json) {
        if (json) {
            return (verb.acts() ? reply.toJson() : reply.data().toPrettyString()) + "\n";
        }
        return switch (verb) {
            case STATUS -> CtlText.status(reply.data());
            case WORKERS -> CtlText.workers(reply.data().path("workers"));
            case CONFIG -> CtlText.config(reply.data());
            default -> reply.message() + "\n";
        };
    }

    /** The one live socket in the default directories; an error naming them when there is none, or several. */
    static Path discover(Map<String, String> env) throws IOException {
        List<Path> dirs = SocketPaths.searchDirs(env);
        List<SocketPaths.Found> live = SocketPaths.live(dirs, SocketPaths::running);
        if (live.size() == 1) {
            return live.get(0).path();
        }
        if (live.isEmpty()) {
            throw new IOException("no running jgu arbiter found: no live control socket (arbiter-PID.ctl) in "
                    + dirs.stream().map(Path::toString).collect(Collectors.joining(" or "))
                    + "; is jgu running as this user? If it was started with --control-socket PATH, pass -s PATH");
        }
        throw new IOException("several jgu arbiters run; pass -s PATH with one of: "
                + live.stream().map(f -> f.path() + " (pid " + f.pid() + ")").collect(Collectors.joining(", ")));
    }

    /**
     * Sends one request and reads the one-line answer, both bounded in time and size.
     *
     * @throws IOException with a message naming the path when the arbiter cannot be reached
     */
    static CtlReply exchange(Path path, CtlRequest request, Duration timeout) throws IOException {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jgu-ctl-timeout");
            t.setDaemon(true);
            return t;
        });
        try (SocketChannel channel = connect(path)) {
            watchdog.schedule(() -> {
                try {
                    channel.close();
                } catch (IOException e) {
                    // the read below then fails and says the arbiter did not answer in time
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                channel.write(ByteBuffer.wrap((request.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // An arbiter that refuses a peer answers before reading anything and closes: its answer is still there to read.
                if (e instanceof AsynchronousCloseException) {
                    throw e;
                }
            }
            return CtlReply.fromJson(readLine(channel, path));
        } catch (AsynchronousCloseException e) {
            throw new IOException("the arbiter at " + path + " did not answer within " + timeout.toSeconds() + "s");
        } finally {
            watchdog.shutdownNow();
        }
    }

    private static SocketChannel connect(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("no control socket at " + path + " (is jgu running, and with this --control-socket?)");
        }
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (SocketException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("Permission denied")) {
                throw new IOException("permission denied: " + path + " (the control socket is for the arbiter's user and root)");
            }
            if (why.contains("Connection refused")) {
                throw new IOException("nothing answers at " + path + " (an arbiter that was killed left it behind?)");
            }
            throw new IOException("cannot connect to " + path + ": " + why, e);
        }
    }

    private static String readLine(SocketChannel channel, Path path) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            if (line.size() > MAX_REPLY) {
                throw new IOException("the answer from " + path + " is over " + (MAX_REPLY >> 20) + " MiB");
            }
        }
        if (line.size() == 0) {
            throw new IOException("the arbiter at " + path + " closed the connection without answering");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    static String help() {
        StringBuilder out = new StringBuilder("""
                Usage: jgu ctl [-s PATH] [--json] VERB [ARGS]
                Talks to a running jgu arbiter over its control socket.

                  -s, --control-socket PATH  the arbiter's control socket; by default the one
                                             live arbiter-PID.ctl in $XDG_RUNTIME_DIR/jgu or ~/.jgu
                  -j, --json                 print JSON (status, workers, config: the data; others: the reply)

                Verbs:
                """);
        for (Verb verb : Verb.values()) {
            String head = "  " + verb.word() + (verb.usage.isEmpty() ? "" : " " + verb.usage);
            out.append(head).append(" ".repeat(Math.max(2, 29 - head.length()))).append(verb.help).append('\n');
        }
        return out.append("\nExit status: 0 done, 1 refused by the arbiter or no arbiter reached, 2 bad command line.\n").toString();
    }
}
