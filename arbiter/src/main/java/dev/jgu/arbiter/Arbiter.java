package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Config;
import dev.jgu.arbiter.config.JvmSettings;
import dev.jgu.arbiter.config.LoggingSettings;
import dev.jgu.arbiter.config.MechanicsSettings;
import dev.jgu.arbiter.config.ServerSocketSettings;
import dev.jgu.arbiter.config.WorkerSettings;
import dev.jgu.spi.ExitCodes;
import dev.jgu.workers.core.AppLoadException;
import dev.jgu.workers.core.AppLoader;
import dev.jgu.workers.core.ErrorLog;
import dev.jgu.workers.core.WorkerClasses;
import jnr.constants.platform.Signal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The arbiter (Gunicorn's {@code Arbiter.run}, Unicorn's {@code join}): binds the
 * listeners, keeps the pool of worker JVMs at its target, replaces dead and hung
 * workers, and answers signals. Only the loop thread touches this state; signal
 * handlers only enqueue a {@link Command}.
 */
public final class Arbiter {

    private static final long LOOP_TICK_MS = 100;

    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final Posix posix = new Posix();
    private final ErrorLog log;
    private final WorkerPool pool;
    private Config config;
    private List<ListenerSocket> listeners = List.of();
    private Pidfile pidfile;
    private RunDir runDir;
    private Integer halt;

    public Arbiter(Config config) {
        this.config = config;
        this.log = new ErrorLog(config.get(LoggingSettings.ERRORLOG), ErrorLog.parseLevel(config.get(LoggingSettings.LOGLEVEL)));
        this.pool = new WorkerPool(posix, log);
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
                Command command = commands.poll(LOOP_TICK_MS, TimeUnit.MILLISECONDS);
                if (command != null) {
                    handle(command);
                }
                if (halt == null) {
                    pool.reapWorkers().ifPresent(this::halt);
                    pool.noticeStateChanges();
                    pool.killTimedOutWorkers(config.get(WorkerSettings.TIMEOUT));
                    pool.maintainWorkerCount();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                halt(1);
            } catch (RuntimeException e) {
                log.error("arbiter loop error", e);
            }
        }
        cleanUp();
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
            case REEXEC, STOP_WORKERS -> log.warn(command.signal + " not supported yet: ignored (" + command.help + ")");
        }
    }

    private void boot() throws BootException {
        long pid = posix.pid();
        log.info("starting jgu: version=" + Version.jgu() + " java=" + System.getProperty("java.version") + " arbiter=" + pid);
        checkWorkerClass();
        preloadApp();
        listeners = bindListeners();
        if (config.get(MechanicsSettings.PIDFILE) != null) {
            pidfile = new Pidfile(java.nio.file.Path.of(config.get(MechanicsSettings.PIDFILE)), pid);
            try {
                pidfile.create();
            } catch (IOException e) {
                throw new BootException(ExitCodes.USAGE, "pidfile: " + e.getMessage());
            }
        }
        try {
            runDir = RunDir.create(config.get(MechanicsSettings.WORKER_TMP_DIR), pid);
            pool.start(runDir, listeners, config);
        } catch (IOException e) {
            throw new BootException(1, "worker_tmp_dir: cannot set up the scoreboard: " + e.getMessage());
        }
        installSignals();
        log.info("using worker class: " + config.get(WorkerSettings.WORKER_CLASS) + " workers=" + config.get(WorkerSettings.WORKERS));
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
            AppLoader.load(config.app(), appClassLoader());
            log.info("preloaded app: " + config.app());
        } catch (AppLoadException e) {
            throw new BootException(ExitCodes.APP_LOAD_ERROR, e.getMessage());
        }
    }

    private List<ListenerSocket> bindListeners() throws BootException {
        List<ListenerSocket> bound = new ArrayList<>();
        int backlog = config.get(ServerSocketSettings.BACKLOG);
        for (String bind : config.get(ServerSocketSettings.BIND)) {
            try {
                ListenerSocket socket = ListenerSocket.bind(BindAddress.parse(bind), backlog, posix);
                bound.add(socket);
                log.info("listening: address=" + socket.display() + " arbiter=" + posix.pid());
            } catch (IOException | IllegalArgumentException e) {
                bound.forEach(s -> s.close(posix));
                throw new BootException(1, e.getMessage());
            }
        }
        return List.copyOf(bound);
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

    private void reload() {
        Config next;
        try {
            next = config.reload();
        } catch (dev.jgu.arbiter.config.ConfigException e) {
            log.error("reload failed, keeping the running configuration: " + e.getMessage());
            return;
        }
        for (String name : config.restartOnlyChanges(next)) {
            log.warn("reload: " + name + " changed but only takes effect on restart; ignored");
        }
        reopenLogs();
        config = next;
        pool.reload(next);
    }

    private void reopenLogs() {
        log.reopen();
        pool.signalAll(Signal.SIGUSR1);
    }

    private void stop(boolean graceful) {
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
        if (pidfile != null) {
            try {
                pidfile.remove();
            } catch (IOException e) {
                log.warn("pidfile: cannot remove " + pidfile.path() + ": " + e.getMessage());
            }
        }
        for (ListenerSocket socket : listeners) {
            socket.close(posix);
            socket.unlinkIfUnix();
        }
        pool.close();
        if (runDir != null) {
            runDir.delete();
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
