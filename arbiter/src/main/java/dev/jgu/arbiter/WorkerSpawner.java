package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Config;
import dev.jgu.logging.LogSink;
import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.WorkerArgs;
import dev.jgu.protocol.settings.JvmSettings;
import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.protocol.settings.MechanicsSettings;
import dev.jgu.protocol.settings.WorkerSettings;
import jnr.constants.platform.Signal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts worker JVMs: the listeners on fds 3.., the read end of the arbiter pipe
 * after them, the generation's settings file, the worker identity, directory
 * and environment; signals and reaps them through {@link Posix}.
 */
final class WorkerSpawner implements WorkerProcesses {

    /** How long a reaped worker's stderr may take to reach its end before its last lines are read. */
    private static final long STDERR_END_MILLIS = 200;

    private final Posix posix;
    private final RunDir runDir;
    private final List<ListenerSocket> listeners;
    private final WorkerIdentity identity;
    /** The connected {@code unix:} StatsD socket, passed after the pipe; -1 for none. */
    private final int statsdFd;
    private final ErrorLog log;
    /** Each live worker's stderr relay, by age. */
    private final Map<Integer, WorkerOutput> outputs = new HashMap<>();

    WorkerSpawner(Posix posix, RunDir runDir, List<ListenerSocket> listeners, WorkerIdentity identity, int statsdFd, ErrorLog log) {
        this.posix = posix;
        this.statsdFd = statsdFd;
        this.log = log;
        this.runDir = runDir;
        this.listeners = listeners;
        this.identity = identity;
    }

    /** Lets workers running as another user open the scoreboard and write boot-error notes. */
    void shareRunDir() throws IOException {
        if (identity.changes()) {
            posix.chown(runDir.path().toString(), identity.uid(), identity.gid());
            posix.chown(runDir.scoreboard().toString(), identity.uid(), identity.gid());
        }
    }

    @Override
    public void writeSettings(int generation, Config config) throws IOException {
        config.values().write(runDir.settings(generation), "jgu generation " + generation);
        if (identity.changes()) {
            posix.chown(runDir.settings(generation).toString(), identity.uid(), identity.gid());
        }
    }

    @Override
    public void removeSettings(int generation) {
        try {
            Files.deleteIfExists(runDir.settings(generation));
        } catch (IOException e) {
            log.warn("worker_tmp_dir: cannot remove " + runDir.settings(generation) + ": " + e.getMessage());
        }
    }

    @Override
    public Spawned spawn(int slot, int age, int generation, Config config) throws IOException {
        int[] pipe = posix.pipe();
        List<Integer> passFds = new ArrayList<>();
        List<WorkerArgs.InheritedListener> inherited = new ArrayList<>();
        for (ListenerSocket socket : listeners) {
            inherited.add(new WorkerArgs.InheritedListener(3 + passFds.size(), socket.display()));
            passFds.add(socket.spawnFd());
        }
        int pipeFd = 3 + passFds.size();
        passFds.add(pipe[0]);
        int workerStatsdFd = -1;
        if (statsdFd >= 0) {
            workerStatsdFd = 3 + passFds.size();
            passFds.add(statsdFd);
        }
        int syslog = SyslogSocket.forWorkers(config.values());
        int workerSyslogFd = -1;
        if (syslog >= 0) {
            workerSyslogFd = 3 + passFds.size();
            passFds.add(syslog);
        }
        Map<String, String> env = environment(config);
        WorkerArgs args = new WorkerArgs(runDir.settings(generation), runDir.scoreboard(), slot, age, pipeFd,
                maxRequests(config), runDir.bootError(age), inherited, workerStatsdFd, workerSyslogFd);
        List<String> argv = new ArrayList<>(identity.prefix());
        argv.addAll(WorkerCommand.build(WorkerCommand.javaExecutable(config.get(JvmSettings.JAVA)),
                config.get(JvmSettings.JVM_OPTS),
                WorkerCommand.appClasspath(config.get(JvmSettings.CLASSPATH), config.get(LoggingSettings.LOGCONFIG)),
                config.get(JvmSettings.AOT),
                config.get(JvmSettings.AOT_DIR), args.toArgs()));
        int[] stderr;
        try {
            stderr = posix.pipe();
        } catch (IOException e) {
            posix.close(pipe[0]);
            posix.close(pipe[1]);
            throw e;
        }
        boolean capture = config.get(LoggingSettings.CAPTURE_OUTPUT);
        try {
            long pid = posix.spawn(argv, env, passFds,
                    new Posix.SpawnOptions(config.get(MechanicsSettings.CHDIR), false, stderr[1], capture));
            outputs.put(age, capture ? WorkerOutput.start(posix, stderr[0], capturedInto(log.sink()), "worker-" + age + "-output")
                    : WorkerOutput.start(posix, stderr[0], age));
            return new Spawned(pid, pipe[1]);
        } catch (IOException e) {
            posix.close(pipe[1]);
            posix.close(stderr[0]);
            throw e;
        } finally {
            posix.close(pipe[0]);
            posix.close(stderr[1]);
        }
    }

    @Override
    public boolean signal(long pid, Signal signal) {
        return posix.kill(pid, signal);
    }

    @Override
    public Posix.Exit reap(long pid) {
        return posix.reap(pid);
    }

    @Override
    public void closePipe(int pipeWriteFd) {
        posix.close(pipeWriteFd);
    }

    @Override
    public Optional<String> takeBootError(int age, boolean neverReady) {
        WorkerOutput output = outputs.remove(age);
        try {
            String text = Files.readString(runDir.bootError(age), StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(runDir.bootError(age));
            if (!text.isEmpty()) {
                return Optional.of(text);
            }
        } catch (IOException e) {
            // no note: the worker died before it could write one (or never failed to boot)
        }
        // The worker has exited, so its stderr ends at once, unless a process it started still holds it.
        return neverReady && output != null ? Optional.ofNullable(output.lastLines(STDERR_END_MILLIS)) : Optional.empty();
    }

    /**
     * capture_output (Gunicorn redirects fds 1 and 2 to the error log file): the worker's stdout and stderr, native
     * writes included, reach the arbiter's error log file through the relay, which USR1's reopen follows. With the
     * error log on stderr, or under logback, they go to the arbiter's stderr.
     */
    private static java.io.OutputStream capturedInto(LogSink sink) {
        if (sink == null || !sink.isFile()) {
            return new java.io.FileOutputStream(java.io.FileDescriptor.err);
        }
        return new java.io.OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                sink.writeRaw(bytes, offset, length);
            }
        };
    }

    /** max_requests plus this worker's jitter, drawn once per worker so workers do not restart together. */
    private static long maxRequests(Config config) {
        int max = config.get(WorkerSettings.MAX_REQUESTS);
        int jitter = config.get(WorkerSettings.MAX_REQUESTS_JITTER);
        if (max <= 0) {
            return 0;
        }
        return max + (jitter > 0 ? ThreadLocalRandom.current().nextInt(jitter + 1) : 0);
    }

    private static Map<String, String> environment(Config config) {
        Map<String, String> env = new HashMap<>(System.getenv());
        // Inherited-socket and systemd variables are the arbiter's alone.
        Listeners.INHERITANCE_VARIABLES.forEach(env::remove);
        env.remove("NOTIFY_SOCKET");
        for (String pair : config.get(MechanicsSettings.RAW_ENV)) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return env;
    }
}
