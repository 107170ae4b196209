package dev.jgu.arbiter.config;

import dev.jgu.protocol.AppLoadException;
import dev.jgu.protocol.AppLoader;
import dev.jgu.protocol.WorkerClasses;
import dev.jgu.protocol.settings.JvmSettings;
import dev.jgu.protocol.settings.WorkerSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.util.List;

/** {@code --check-config}: find the worker class and load and construct the app as a worker would, without serving. */
final class AppCheck {

    private AppCheck() {
    }

    /** @return 0 when the app loads, 1 with the reason on {@code err} otherwise */
    static int run(Config config, PrintStream out, PrintStream err) {
        if (config.app() == null) {
            err.println(Cli.NO_APP);
            return 1;
        }
        // Relative entries start from the directory jgu was started in, which need not be this JVM's (tests).
        List<String> classpath = config.get(JvmSettings.CLASSPATH).stream()
                .map(entry -> config.context().resolve(entry).toString())
                .toList();
        ClassLoader loader = null;
        try {
            loader = AppLoader.classLoader(classpath, AppCheck.class.getClassLoader());
            String workerClass = config.get(WorkerSettings.WORKER_CLASS);
            if (WorkerClasses.find(workerClass, loader).isEmpty()) {
                err.println("check-config: worker_class: unknown worker class " + workerClass
                        + " (available: " + String.join(", ", WorkerClasses.names(loader)) + ")");
                return 1;
            }
            AppLoader.load(config.app(), loader, config.values());
        } catch (AppLoadException | IllegalArgumentException e) {
            err.println("check-config: " + e.getMessage());
            return 1;
        } finally {
            close(loader, err);
        }
        out.println("check-config: ok, app " + config.app() + " loads"
                + (config.configFile() == null ? "" : " (config " + config.configFile() + ")"));
        return 0;
    }

    private static void close(ClassLoader loader, PrintStream err) {
        if (loader instanceof URLClassLoader own && loader != AppCheck.class.getClassLoader()) {
            try {
                own.close();
            } catch (IOException e) {
                err.println("check-config: closing the app class loader failed: " + e);
            }
        }
    }
}
