package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Config;
import dev.jgu.arbiter.config.ConfigException;
import dev.jgu.arbiter.ctl.CtlReply;
import dev.jgu.arbiter.ctl.SocketPaths;
import dev.jgu.protocol.AppLoadException;
import dev.jgu.protocol.AppLoader;
import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.Hooks;
import dev.jgu.protocol.ProcessTitle;
import dev.jgu.protocol.WorkerClasses;
import dev.jgu.protocol.settings.ControlSettings;
import dev.jgu.protocol.settings.JvmSettings;
import dev.jgu.protocol.settings.MechanicsSettings;
import dev.jgu.protocol.settings.ProcessNamingSettings;
import dev.jgu.protocol.settings.MetricsSettings;
import dev.jgu.protocol.settings.ServerSocketSettings;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.ExitCodes;
import dev.jgu.spi.Log;
import dev.jgu.spi.Server;
import dev.jgu.spi.Settings;
import jnr.constants.platform.Signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The arbiter (Gunicorn's {@code Arbiter.run}, Unicorn's {@code join}): holds the
 * listeners, keeps the pool of worker JVMs at its target, replaces dead and hung
 * workers, and answers signals and {@code jgu ctl}. Only the loop thread touches this
 * state; signal handlers only enqueue a {@link Command}, the control socket's thread a
 * {@link ControlCall}.
 */
public final class Arbiter {

    private static final long LOOP_TICK_MS = 100;

    private final BlockingQueue<Request> commands = new LinkedBlockingQueue<>();
    private final Posix posix = new Posix();
    private final List<String> originalArgs;
    private final ErrorLog log;
    private final WorkerPool pool;
    private final SystemdNotifier systemd;
    private final long parentArbiter;
    private ArbiterStatsd statsd = ArbiterStatsd.none();
    private boolean titleProblemSaid;
    private Config config;
    private List<ListenerSocket> listeners = List.of();
    private Pidfile pidfile;
    private RunDir runDir;
    private ControlSocket control;
    private Integer halt;
    private long reexecChild;
    private boolean announcedReady;
    private boolean wasReloading;
    private boolean promoted;
    private Hooks hooks;
    /** The metrics endpoint, when {@code metrics_bind} is set and bound; its classes load only then. */
    private MetricsEndpoint metrics;
    /** A re-executed arbiter's metrics address is still its parent's: bound once the parent is gone. */
    private boolean metricsPending;
    private final Server server = new Server() {
        @Override
        public long pid() {
            return posix.pid();
        }

        @Override
        public Settings settings() {
            return config.values();
        }

        @Override
        public int workers() {
            return pool.target();
        }

        @Override
        public Log log() {
            return log;
        }
    };

    public Arbiter(Config config, List<String> originalArgs) {
        this.config = config;
        this.originalArgs = List.copyOf(originalArgs);
        this.log = ErrorLog.open(config.values(), "jgu.arbiter", syslogDescriptor(SyslogSocket.open(config.values(), posix)));
        this.pool = new WorkerPool(posix, log);
        this.systemd = SystemdNotifier.fromEnvironment(System.getenv(), log);
        this.hooks = Hooks.none(log);
        String parent = System.getenv(Listeners.JGU_PARENT_PID);
        this.parentArbiter = parent == null || parent.isBlank() ? 0 : Long.parseLong(parent.trim());
    }

    private static java.io.FileDescriptor syslogDescriptor(int fd) {
        if (fd < 0) {
            return null;
        }
        try {
            return dev.jgu.protocol.InheritedFds.descriptor(fd);
        } catch (IOException e) {
            throw new IllegalArgumentException("syslog_addr: " + e.getMessage(), e);
        }
    }

    /** Runs until stopped or halted; returns the process exit code. */
    public int run() {
        try {
            boot();
        } catch (BootException e) {
            log.critical(e.getMessage());
            cleanUp();
            return e.exitCode;
        }
        while (halt == null) {
            try {
                switch (commands.poll(LOOP_TICK_MS, TimeUnit.MILLISECONDS)) {
                    case null -> { }
                    case Command command -> handle(command);
                    case ControlCall call -> answer(call);
                }
                if (halt == null) {
                    pool.reapWorkers().ifPresent(this::halt);
                }
                // A worker that could not load the app halts the arbiter: nothing may be spawned after it.
                if (halt == null) {
                    reapReexecChild();
                    pool.noticeStateChanges();
                    pool.killTimedOutWorkers(config.get(WorkerSettings.TIMEOUT));
                    pool.recycleByMemory();
                    pool.maintainWorkerCount();
                    promoteIfParentGone();
                    bindMetricsOnceParentGone();
                    announce();
                    statsd.workers(pool.size());
                    publish();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                halt(1);
            } catch (RuntimeException e) {
                log.error("arbiter loop error", e);
            }
        }
        cleanUp();
        hooks.run("on_exit", h -> h.onExit(server));
        log.info("arbiter exiting: code=" + halt);
        return halt;
    }

    private void handle(Command command) {
        switch (command) {
            case GRACEFUL_STOP -> stop(true);
            case QUICK_STOP -> stop(false);
            case ADD_WORKER -> pool.addWorker();
            case REMOVE_WORKER -> pool.removeWorker();
            case REOPEN_LOGS -> reopenLogs();
            case REAP -> pool.reapWorkers().ifPresent(this::halt);
            case RELOAD -> reload();
            case REEXEC -> reexec();
            case STOP_WORKERS -> pool.stopWorkers();
        }
    }

    /**
     * A {@code jgu ctl} verb that acts: the same code as its signal, and the answer says what it did.
     * {@code shutdown} is answered before the workers stop: the reply must not wait for them.
     */
    private void answer(ControlCall call) {
        try {
            carryOut(call);
        } catch (RuntimeException e) {
            // the loop's catch-all logs it; the client is told rather than left waiting for its timeout
            call.answer(CtlReply.error(call.request().verb().word() + " failed: " + e + " (see the error log)"));
            throw e;
        }
    }

    private void carryOut(ControlCall call) {
        switch (call.request().verb()) {
            case SCALE -> {
                try {
                    call.answer(CtlReply.ok(pool.scale(call.request().workers())));
                } catch (IllegalArgumentException | dev.jgu.arbiter.ctl.CtlRequest.BadRequest e) {
                    call.answer(CtlReply.error(e.getMessage()));
                }
            }
            case RELOAD -> call.answer(reload());
            case REOPEN -> call.answer(reopenLogs());
            case REEXEC -> call.answer(reexec());
            case SHUTDOWN -> {
                boolean graceful = !call.request().quick();
                call.answer(CtlReply.ok("shutting down: mode=" + (graceful ? "graceful" : "quick") + " workers=" + pool.size()
                        + " arbiter=" + posix.pid()));
                stop(graceful);
            }
            default -> call.answer(CtlReply.error(call.request().verb().word() + " is not a verb the loop carries out"));
        }
    }

    /** What {@code jgu ctl status} and {@code config} read, from the control socket's thread. */
    private void publish() {
        if (control != null) {
            control.publish(pool.snapshot(posix.pid()), config);
        }
    }

    private void boot() throws BootException {
        // First of all: a TERM during start-up is then queued for the loop instead of killing the JVM
        // with the pidfile and socket files left behind.
        installSignals();
        retitle();
        long pid = posix.pid();
        log.info("starting jgu: version=" + dev.jgu.arbiter.config.Cli.jguVersion() + " java=" + System.getProperty("java.version") + " arbiter=" + pid
                + (parentArbiter != 0 ? " reexec-of=" + parentArbiter : ""));
        systemd.status("starting");
        statsd = ArbiterStatsd.open(config, log, posix);
        checkWorkerClass();
        try {
            hooks = Hooks.load(config.get(MechanicsSettings.HOOKS), appClassLoader(), log);
        } catch (AppLoadException e) {
            throw new BootException(ExitCodes.APP_LOAD_ERROR, e.getMessage());
        }
        pool.hooks(hooks, server);
        hooks.run("on_starting", h -> h.onStarting(server));
        preloadApp();
        WorkerIdentity identity;
        try {
            identity = WorkerIdentity.resolve(config.get(MechanicsSettings.USER), config.get(MechanicsSettings.GROUP),
                    config.get(MechanicsSettings.INITGROUPS), posix);
        } catch (IllegalArgumentException e) {
            throw new BootException(ExitCodes.USAGE, e.getMessage());
        }
        checkWorkerAccess(identity);
        applyUmask();
        try {
            listeners = Listeners.open(config.get(ServerSocketSettings.BIND), config.get(ServerSocketSettings.BACKLOG),
                    config.get(MechanicsSettings.UMASK), System.getenv(), posix, log);
        } catch (IOException e) {
            throw new BootException(1, e.getMessage());
        }
        listeners.forEach(s -> log.info("listening: address=" + s.display() + " arbiter=" + pid));
        String pidPath = config.get(MechanicsSettings.PIDFILE);
        if (pidPath != null) {
            // A USR2 child writes PIDFILE.2 until the old arbiter is gone.
            pidfile = new Pidfile(Path.of(parentArbiter != 0 ? pidPath + ".2" : pidPath), pid);
            try {
                pidfile.create();
            } catch (IOException e) {
                throw new BootException(ExitCodes.USAGE, "pidfile: " + e.getMessage());
            }
        }
        try {
            runDir = RunDir.create(config.get(MechanicsSettings.WORKER_TMP_DIR), pid);
            pool.start(runDir, listeners, config, identity, statsd.workerFd());
        } catch (IOException e) {
            throw new BootException(1, "worker_tmp_dir: cannot set up the scoreboard: " + e.getMessage());
        }
        try {
            openMetrics();
        } catch (IOException e) {
            if (parentArbiter == 0) {
                throw new BootException(1, "metrics_bind: " + e.getMessage());
            }
            metricsPending = true;
            log.warn("metrics_bind: " + e.getMessage() + "; the old arbiter " + parentArbiter + " holds it: bound once it is gone");
        }
        log.info("using worker class: " + config.get(WorkerSettings.WORKER_CLASS) + " workers=" + config.get(WorkerSettings.WORKERS));
        openControlSocket(pid);
    }

    /**
     * The control socket: {@code control_socket}, or {@code arbiter-PID.ctl} in the default
     * directory. A USR2 child binds {@code PATH.2} while its parent serves {@code PATH}, and
     * takes {@code PATH} over once promoted, as with the pidfile; the default path is the
     * child's own by its pid. An explicit path that cannot be bound stops the start, like a
     * {@code bind}; a default one only costs {@code jgu ctl}, and the log says why.
     */
    private void openControlSocket(long pid) throws BootException {
        if (config.get(ControlSettings.CONTROL_SOCKET_DISABLE)) {
            return;
        }
        String configured = config.get(ControlSettings.CONTROL_SOCKET);
        Path path;
        if (configured != null) {
            path = Path.of(configured + (parentArbiter != 0 ? ".2" : "")).toAbsolutePath();
        } else {
            path = SocketPaths.defaultPath(System.getenv(), pid);
            try {
                ControlSocket.prepareDefaultDir(path.getParent(), posix.euid());
            } catch (IOException e) {
                log.warn("control socket: none (jgu ctl will not reach this arbiter): " + e.getMessage()
                        + "; set control_socket, or --no-control-socket");
                return;
            }
        }
        try {
            control = ControlSocket.open(path, config.get(ControlSettings.CONTROL_SOCKET_MODE), posix.euid(), posix::uid, posix, commands, log);
        } catch (IOException e) {
            if (configured != null) {
                throw new BootException(1, e.getMessage());
            }
            log.warn("control socket: none (jgu ctl will not reach this arbiter): " + e.getMessage());
            return;
        }
        log.info("control socket: path=" + path + " mode=" + String.format("0%03o", config.get(ControlSettings.CONTROL_SOCKET_MODE)));
        publish();
    }

    /**
     * An explicit {@code umask} applies to the arbiter and so to everything it
     * creates (pidfile, log files) and to the workers, which inherit it at spawn.
     * UNIX sockets are always bound under the setting, default 0 included.
     */
    private void applyUmask() {
        if (!"default".equals(config.sourceOf(MechanicsSettings.UMASK))) {
            int mask = config.get(MechanicsSettings.UMASK);
            posix.umask(mask);
            log.info("umask: " + String.format("0%03o", mask));
        }
    }

    /** Refuses to start when the workers' user cannot reach java, jgu's jars, the classpath or chdir. */
    private void checkWorkerAccess(WorkerIdentity identity) throws BootException {
        List<WorkerAccess.Need> needs = WorkerAccess.needs(WorkerCommand.javaExecutable(config.get(JvmSettings.JAVA)),
                WorkerCommand.jguClasspath(), config.get(JvmSettings.CLASSPATH), config.get(MechanicsSettings.CHDIR));
        List<String> problems;
        try {
            problems = WorkerAccess.problems(identity, config.get(MechanicsSettings.USER), needs);
        } catch (IOException e) {
            log.warn("worker access: not checked: " + e.getMessage());
            return;
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> log.critical("worker access: " + p));
            throw new BootException(ExitCodes.WORKER_BOOT_ERROR, "workers cannot start: their user cannot reach "
                    + problems.size() + " path(s) above; install jgu and the app where that user can read them, or run"
                    + " the workers as another user");
        }
    }

    private void checkWorkerClass() throws BootException {
        String name = config.get(WorkerSettings.WORKER_CLASS);
        ClassLoader loader = appClassLoader();
        try {
            if (WorkerClasses.find(name, loader).isEmpty()) {
                throw new BootException(ExitCodes.USAGE, "worker_class: unknown worker class " + name
                        + " (available: " + String.join(", ", WorkerClasses.names(loader)) + ")");
            }
        } catch (IllegalArgumentException e) {
            throw new BootException(ExitCodes.USAGE, e.getMessage());
        }
    }

    private ClassLoader appClassLoader() throws BootException {
        try {
            return AppLoader.classLoader(config.get(JvmSettings.CLASSPATH), Arbiter.class.getClassLoader());
        } catch (AppLoadException e) {
            throw new BootException(ExitCodes.APP_LOAD_ERROR, e.getMessage());
        }
    }

    /** {@code preload}: construct the app once here, so a broken deploy fails at start with exit 4. */
    private void preloadApp() throws BootException {
        if (!Boolean.TRUE.equals(config.get(MechanicsSettings.PRELOAD))) {
            return;
        }
        try {
            AppLoader.load(config.app(), appClassLoader(), config.values());
            log.info("preloaded app: " + config.app());
        } catch (AppLoadException e) {
            throw new BootException(ExitCodes.APP_LOAD_ERROR, e.getMessage());
        }
    }

    private void installSignals() {
        for (Command command : Command.all()) {
            try {
                sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal(command.signal), s -> commands.offer(command));
                if (previous == sun.misc.SignalHandler.SIG_IGN) {
                    log.warn("signal " + command.signal + " was ignored when jgu started (nohup?): " + command.help + " will not work");
                }
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle signal " + command.signal + ": " + e.getMessage());
            }
        }
    }

    /** Tells systemd (when it is listening) about readiness, reloads and their end. */
    private void announce() {
        boolean allReady = pool.target() > 0 && pool.readyCount() >= pool.target();
        if (!announcedReady && allReady) {
            announcedReady = true;
            systemd.ready("serving, " + pool.readyCount() + " workers");
            log.info("ready: workers=" + pool.readyCount());
            hooks.run("when_ready", h -> h.whenReady(server));
        }
        if (wasReloading && !pool.reloading()) {
            // An aborted reload leaves the last ready generation, and its configuration, in charge.
            boolean aborted = pool.config() != config;
            config = pool.config();
            systemd.ready("serving, " + pool.readyCount() + " workers ("
                    + (aborted ? "reload aborted, the previous generation serves" : "generation reloaded") + ")");
        }
        wasReloading = pool.reloading();
    }

    /** {@code metrics_bind}: the Prometheus endpoint, on its own thread, reading the scoreboard and the pool's counters. */
    private void openMetrics() throws IOException {
        String bind = config.get(MetricsSettings.METRICS_BIND);
        if (bind == null) {
            return;
        }
        List<MetricFamilies.Listener> named = listeners.stream().map(s -> new MetricFamilies.Listener(s.display(), s.spawnFd())).toList();
        double started = ProcessHandle.current().info().startInstant().map(t -> t.toEpochMilli() / 1000.0)
                .orElse(System.currentTimeMillis() / 1000.0);
        MetricFamilies families = new MetricFamilies(pool.scoreboard(), pool.counters(), named, new ListenQueues(Path.of("/proc")),
                new ProcessStats(Path.of("/proc")), started);
        metrics = MetricsEndpoint.open(bind, config.get(MechanicsSettings.UMASK), posix, families::collect, log);
        log.info("metrics endpoint: address=" + metrics.display() + " arbiter=" + posix.pid());
    }

    private void bindMetricsOnceParentGone() {
        if (!metricsPending || !promoted) {
            return;
        }
        metricsPending = false;
        try {
            openMetrics();
        } catch (IOException e) {
            log.error("metrics_bind: " + e.getMessage() + "; this arbiter serves no metrics");
        }
    }

    /** HUP. @return what happened, for {@code jgu ctl reload} */
    private CtlReply reload() {
        Config next;
        try {
            next = config.reload();
        } catch (ConfigException e) {
            pool.counters().reloaded(PoolCounters.ReloadOutcome.FAILED);
            log.error("reload failed, keeping the running configuration: " + e.getMessage());
            return CtlReply.error("reload failed, keeping the running configuration: " + e.getMessage());
        }
        systemd.reloading();
        List<String> ignored = config.restartOnlyChanges(next);
        for (String name : ignored) {
            log.warn("reload: " + name + " changed but only takes effect on restart; ignored");
        }
        reopenLogs();
        config = next;
        retitle();
        hooks.run("on_reload", h -> h.onReload(server));
        pool.reload(next);
        wasReloading = true;
        if (!pool.reloading()) {
            return CtlReply.error("reload failed: see the error log; the running workers keep serving");
        }
        PoolSnapshot now = pool.snapshot(posix.pid());
        return CtlReply.ok("reloading: generation=" + now.generation() + " workers=" + now.target()
                + "; old workers retire as new ones become ready"
                + (ignored.isEmpty() ? "" : "; changed but only taken on restart: " + String.join(", ", ignored)));
    }

    /** USR1. @return what happened, for {@code jgu ctl reopen} */
    private CtlReply reopenLogs() {
        log.reopen();
        int workers = pool.signalAll(Signal.SIGUSR1);
        return CtlReply.ok("reopened the log files: arbiter, and USR1 sent to " + workers + " worker(s)");
    }

    /** USR2. @return what happened, with the new arbiter's pid, for {@code jgu ctl reexec} */
    private CtlReply reexec() {
        if (reexecChild != 0) {
            log.warn("USR2 ignored: a re-executed arbiter is already running (pid " + reexecChild + ")");
            return CtlReply.error("ignored: a re-executed arbiter is already running (pid " + reexecChild + ")");
        }
        // Once promoted (its parent gone), a re-executed arbiter is the main one and may re-exec in turn.
        if (parentArbiter != 0 && !promoted) {
            log.warn("USR2 ignored: this arbiter was re-executed and its parent " + parentArbiter + " still runs");
            return CtlReply.error("ignored: this arbiter was re-executed and its parent " + parentArbiter + " still runs");
        }
        hooks.run("pre_exec", h -> h.preExec(server));
        try {
            reexecChild = Reexec.spawn(originalArgs, listeners, posix);
            log.info("re-exec: started new arbiter pid=" + reexecChild + " with " + listeners.size() + " listening sockets");
            return CtlReply.ok("re-exec: started new arbiter pid=" + reexecChild + " with " + listeners.size()
                    + " listening sockets; stop this one (pid " + posix.pid() + ") once the new one serves",
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("pid", reexecChild));
        } catch (IOException e) {
            log.error("re-exec failed, this arbiter keeps serving: " + e.getMessage());
            return CtlReply.error("re-exec failed, this arbiter keeps serving: " + e.getMessage());
        }
    }

    private void reapReexecChild() {
        if (reexecChild == 0) {
            return;
        }
        Posix.Exit exit = posix.reap(reexecChild);
        if (exit.exited()) {
            log.error("re-executed arbiter pid=" + reexecChild + " exited (" + exit.describe() + "); this arbiter keeps serving");
            reexecChild = 0;
        }
    }

    /** A re-executed arbiter takes over the pidfile once its parent is gone (Gunicorn polls getppid the same way). */
    private void promoteIfParentGone() {
        if (parentArbiter == 0 || promoted || posix.ppid() == parentArbiter) {
            return;
        }
        String finalPath = config.get(MechanicsSettings.PIDFILE);
        log.info("promoted: old arbiter " + parentArbiter + " is gone; this arbiter is the main one now");
        if (pidfile != null && finalPath != null) {
            try {
                Files.move(pidfile.path(), Path.of(finalPath).toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                pidfile = new Pidfile(Path.of(finalPath), posix.pid());
            } catch (IOException e) {
                log.error("promote: cannot rename " + pidfile.path() + " to " + finalPath + ": " + e.getMessage());
            }
        }
        String controlPath = config.get(ControlSettings.CONTROL_SOCKET);
        if (control != null && controlPath != null) {
            try {
                control.moveTo(Path.of(controlPath).toAbsolutePath());
            } catch (IOException e) {
                log.error("promote: cannot rename " + control.path() + " to " + controlPath + ": " + e.getMessage());
            }
        }
        promoted = true;
        retitle();
    }

    /**
     * {@code jgu: arbiter [NAME]} in ps; {@code NAME.2} while this is a re-executed arbiter
     * whose parent still runs, as Gunicorn names it.
     */
    private void retitle() {
        if (!config.get(ProcessNamingSettings.PROC_TITLE)) {
            return;
        }
        String name = ProcessTitle.name(config.get(ProcessNamingSettings.PROC_NAME), config.app());
        String problem = ProcessTitle.set(ProcessTitle.arbiter(parentArbiter != 0 && !promoted ? name + ".2" : name));
        if (problem != null && !titleProblemSaid) {
            titleProblemSaid = true;
            log.info("process title: not set, ps shows the java command line: " + problem);
        }
    }

    private void stop(boolean graceful) {
        systemd.stopping();
        int graceSeconds = config.get(WorkerSettings.GRACEFUL_TIMEOUT);
        log.info("shutting down: mode=" + (graceful ? "graceful" : "quick") + " workers=" + pool.size());
        pool.stopAll(graceful, graceSeconds, commands);
        halt(0);
    }

    private void halt(int code) {
        if (halt == null) {
            halt = code;
        }
        if (code != 0 && pool.size() > 0) {
            pool.stopAll(false, 1, commands);
        }
    }

    private void cleanUp() {
        if (metrics != null) {
            metrics.close();
        }
        if (control != null) {
            String problem = control.closeAndUnlink();
            if (problem != null) {
                log.warn("control socket: " + problem);
            }
        }
        if (pidfile != null) {
            try {
                pidfile.remove();
            } catch (IOException e) {
                log.warn("pidfile: cannot remove " + pidfile.path() + ": " + e.getMessage());
            }
        }
        // The UNIX socket files stay while a re-executed arbiter serves on them.
        boolean handedOver = reexecChild != 0 && ProcessHandle.of(reexecChild).map(ProcessHandle::isAlive).orElse(false);
        for (ListenerSocket socket : listeners) {
            socket.close(posix);
            String problem = handedOver ? null : socket.unlinkOwnedPath();
            if (problem != null) {
                log.warn("listener: " + problem);
            }
        }
        pool.close();
        statsd.close();
        if (runDir != null) {
            runDir.delete(log);
        }
    }

    /** A failure before the loop starts, with the exit code it ends the process with. */
    static final class BootException extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        BootException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
