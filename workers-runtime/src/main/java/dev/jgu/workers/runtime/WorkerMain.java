package dev.jgu.workers.runtime;

import dev.jgu.protocol.AppLoadException;
import dev.jgu.protocol.AppLoader;
import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.Hooks;
import dev.jgu.protocol.InheritedFds;
import dev.jgu.protocol.ProcessTitle;
import dev.jgu.protocol.Scoreboard;
import dev.jgu.protocol.WorkerArgs;
import dev.jgu.protocol.WorkerClasses;
import dev.jgu.protocol.TmpDir;
import dev.jgu.protocol.settings.MechanicsSettings;
import dev.jgu.protocol.settings.ProcessNamingSettings;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.protocol.settings.WorkerSettings;
import dev.jgu.spi.AppEnvironment;
import dev.jgu.spi.ExitCodes;
import dev.jgu.spi.Listener;
import dev.jgu.spi.WorkerClass;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import sun.misc.Signal;

/**
 * The entry point of every worker JVM (Gunicorn's {@code Worker.init_process}):
 * read the generation's settings, wrap the inherited sockets, watch the arbiter,
 * install signal handlers, load the app, report ready, and hand over to the
 * worker class. Exit 3 when the worker cannot boot, 4 when the app cannot load.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] argv) {
        WorkerArgs args;
        try {
            args = WorkerArgs.parse(argv);
        } catch (RuntimeException e) {
            System.err.println("worker: " + e.getMessage());
            System.exit(ExitCodes.WORKER_BOOT_ERROR);
            return;
        }
        System.exit(new WorkerMain().run(args));
    }

    private int run(WorkerArgs args) {
        SettingValues settings;
        try {
            settings = SettingValues.read(args.settings());
        } catch (IOException | IllegalArgumentException e) {
            return bootFailure(args, ExitCodes.WORKER_BOOT_ERROR, "worker: cannot read settings " + args.settings() + ": " + e.getMessage());
        }
        ErrorLog log;
        try {
            log = ErrorLog.open(settings, "jgu.worker", args.syslogFd() < 0 ? null : InheritedFds.descriptor(args.syslogFd()));
        } catch (IllegalArgumentException | IOException e) {
            return bootFailure(args, ExitCodes.WORKER_BOOT_ERROR, e.getMessage());
        }
        retitle(args, settings, log);
        Scoreboard scoreboard;
        List<Listener> listeners;
        try {
            scoreboard = Scoreboard.open(args.scoreboard());
            scoreboard.heartbeat(args.slot(), System.nanoTime());
            listeners = wrapListeners(args);
        } catch (IOException e) {
            return bootFailure(args, ExitCodes.WORKER_BOOT_ERROR, "worker boot failed: " + e.getMessage());
        }
        WorkerRuntime runtime = new WorkerRuntime(args, listeners, settings, log, scoreboard);
        try {
            ArbiterWatch.start(args.pipeFd(), () -> arbiterDied(runtime));
        } catch (IOException e) {
            return bootFailure(args, ExitCodes.WORKER_BOOT_ERROR, "worker boot failed: arbiter pipe: " + e.getMessage());
        }
        installSignals(runtime);

        String className = settings.get(WorkerSettings.WORKER_CLASS);
        WorkerClass workerClass;
        try {
            workerClass = WorkerClasses.find(className, WorkerMain.class.getClassLoader()).orElse(null);
        } catch (IllegalArgumentException e) {
            return bootFailure(args, ExitCodes.WORKER_BOOT_ERROR, e.getMessage());
        }
        if (workerClass == null) {
            return bootFailure(args, ExitCodes.WORKER_BOOT_ERROR, "worker_class: unknown worker class " + className
                    + " (available: " + String.join(", ", WorkerClasses.names(WorkerMain.class.getClassLoader())) + ")");
        }
        ClassLoader appLoader = Thread.currentThread().getContextClassLoader();
        try {
            runtime.hooks(Hooks.load(settings.get(MechanicsSettings.HOOKS), appLoader, log));
        } catch (AppLoadException e) {
            return bootFailure(args, ExitCodes.APP_LOAD_ERROR, e.getMessage());
        }
        runtime.hooks().run("post_spawn", h -> h.postSpawn(runtime));
        try {
            runtime.app(AppLoader.load(settings.get(MechanicsSettings.APP), new AppEnvironment(log, settings, appLoader,
                    TmpDir.base(settings.get(MechanicsSettings.WORKER_TMP_DIR)))));
        } catch (AppLoadException e) {
            return bootFailure(args, ExitCodes.APP_LOAD_ERROR, e.getMessage());
        }
        runtime.hooks().run("post_worker_init", h -> h.postWorkerInit(runtime));

        runtime.ready();
        if (log.debugEnabled()) {
            log.debug("worker boot time: worker=" + args.age() + " pid=" + runtime.pid() + " spawn_to_ready_ms=" + bootMillis());
        }
        log.info("booted worker: worker=" + args.age() + " pid=" + runtime.pid() + " class=" + workerClass.name());
        try {
            workerClass.run(runtime);
        } catch (Exception | Error e) {
            log.error("worker failed: worker=" + args.age() + " pid=" + runtime.pid(), e);
            return 1;
        }
        closeApp(runtime.handler(), log, args.age());
        runtime.closeAccessLog(true);
        runtime.hooks().run("worker_exit", h -> h.workerExit(runtime));
        log.info("worker exiting: worker=" + args.age() + " pid=" + runtime.pid());
        return 0;
    }

    /** {@code jgu: worker N [NAME]} in ps, N as in the log lines' {@code worker=N}. */
    private static void retitle(WorkerArgs args, SettingValues settings, ErrorLog log) {
        if (!settings.get(ProcessNamingSettings.PROC_TITLE)) {
            return;
        }
        String name = ProcessTitle.name(settings.get(ProcessNamingSettings.PROC_NAME), settings.get(MechanicsSettings.APP));
        String problem = ProcessTitle.set(ProcessTitle.worker(args.age(), name));
        if (problem != null) {
            log.info("process title: not set, ps shows the java command line: worker=" + args.age() + " " + problem);
        }
    }

    /** An adapter's handler that holds an app's life (a Servlet context, an HttpServer) ends it here, after the last response. */
    private static void closeApp(dev.jgu.spi.Handler handler, ErrorLog log, int age) {
        if (handler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception | LinkageError e) {
                log.error("worker " + age + ": closing the app failed", e);
            }
        }
    }

    /** Since the process started, from /proc (10 ms ticks); -1 where /proc says nothing. For boot benchmarks. */
    private static long bootMillis() {
        try {
            String stat = Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            long startTicks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
            double uptime = Double.parseDouble(Files.readString(java.nio.file.Path.of("/proc/uptime")).split(" ")[0]);
            return Math.round(uptime * 1000) - startTicks * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static List<Listener> wrapListeners(WorkerArgs args) throws IOException {
        List<Listener> listeners = new ArrayList<>();
        for (WorkerArgs.InheritedListener l : args.listeners()) {
            ServerSocketChannel ch = InheritedFds.serverChannel(l.fd(), InheritedFds.familyOf(l.address()));
            listeners.add(listenerOf(ch, l.address()));
        }
        return List.copyOf(listeners);
    }

    static Listener listenerOf(ServerSocketChannel ch, String address) {
        if (address.startsWith("unix:")) {
            return new Listener(ch, address, true, "", 0);
        }
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Listener(ch, address, false, host, Integer.parseInt(address.substring(colon + 1)));
    }

    private static void installSignals(WorkerRuntime runtime) {
        // Replacing TERM/INT removes the JVM's own shutdown path: the handlers end the process themselves.
        Signal.handle(new Signal("TERM"), s -> runtime.stop("TERM"));
        Signal.handle(new Signal("INT"), s -> {
            runtime.errorLog().info("worker quick exit: worker=" + runtime.workerId() + " pid=" + runtime.pid() + " signal=INT");
            runtime.hooks().run("worker_int", h -> h.workerInt(runtime));
            runtime.closeAccessLog(false);
            Runtime.getRuntime().halt(0);
        });
        Signal.handle(new Signal("USR1"), s -> runtime.reopenLogs());
        // The arbiter sends ABRT after QUIT (the thread dump) when the heartbeat timed out, as Gunicorn does.
        // Not USR2: HotSpot uses that one to suspend threads (JFR's sampler), and a handler here would steal it.
        Signal.handle(new Signal("ABRT"), s -> {
            runtime.errorLog().error("worker aborted: worker=" + runtime.workerId() + " pid=" + runtime.pid() + " (heartbeat timeout)");
            runtime.hooks().run("worker_abort", h -> h.workerAbort(runtime));
            runtime.closeAccessLog(false);
            Runtime.getRuntime().halt(1);
        });
        // HUP, WINCH, TTIN, TTOU are for the arbiter; a worker ignores them rather than dying.
        for (String name : List.of("HUP", "WINCH", "TTIN", "TTOU")) {
            Signal.handle(new Signal(name), s -> runtime.errorLog().debug("worker ignored signal: " + name));
        }
    }

    private static void arbiterDied(WorkerRuntime runtime) {
        runtime.errorLog().warn("arbiter died: worker=" + runtime.workerId() + " pid=" + runtime.pid() + ", exiting");
        runtime.stop("arbiter died");
        // Do not outlive the arbiter: whatever is in flight gets one second.
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runtime.closeAccessLog(false);
            Runtime.getRuntime().halt(0);
        }, "jgu-orphan-exit");
        killer.setDaemon(true);
        killer.start();
    }

    private static int bootFailure(WorkerArgs args, int code, String message) {
        try {
            Files.writeString(args.bootError(), message + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println(message);
        }
        return code;
    }
}
