package dev.jgu.protocol;

import dev.jgu.spi.Log;
import dev.jgu.spi.ServerHooks;

/**
 * The {@code hooks} class, loaded once per process (arbiter and each worker), with
 * every call guarded: a hook that throws is logged with its name and never takes
 * the arbiter or the worker down.
 */
public final class Hooks {

    /** One hook invocation. */
    @FunctionalInterface
    public interface Call {
        /** @param hooks the user's hooks object */
        void on(ServerHooks hooks) throws Exception;
    }

    private static final ServerHooks NONE = new ServerHooks() {
    };

    private final ServerHooks hooks;
    private final Log log;
    private final boolean present;

    private Hooks(ServerHooks hooks, Log log, boolean present) {
        this.hooks = hooks;
        this.log = log;
        this.present = present;
    }

    /** @param log the error log @return hooks that do nothing */
    public static Hooks none(Log log) {
        return new Hooks(NONE, log, false);
    }

    /**
     * Loads the hooks class.
     *
     * @param className the {@code hooks} setting, or null/blank for none
     * @param loader where to find it (the app's class loader)
     * @param log the error log
     * @return the hooks
     * @throws AppLoadException naming the class and the cause, when it cannot be used
     */
    public static Hooks load(String className, ClassLoader loader, Log log) throws AppLoadException {
        if (className == null || className.isBlank()) {
            return none(log);
        }
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!ServerHooks.class.isAssignableFrom(type)) {
                throw new AppLoadException("hooks: class " + className + " does not implement " + ServerHooks.class.getName());
            }
            return new Hooks((ServerHooks) type.getConstructor().newInstance(), log, true);
        } catch (ClassNotFoundException e) {
            throw new AppLoadException("hooks: class " + className + " not found on the classpath (check --classpath)", e);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new AppLoadException("hooks: cannot construct " + className + ": " + cause, cause);
        }
    }

    /** @return whether a hooks class was configured */
    public boolean present() {
        return present;
    }

    /**
     * Runs one hook; a failure is logged, never thrown.
     *
     * @param name the hook's Gunicorn name, for the log ({@code pre_request})
     * @param call the invocation
     */
    public void run(String name, Call call) {
        if (!present) {
            return;
        }
        try {
            call.on(hooks);
        } catch (Exception | LinkageError | StackOverflowError e) {
            log.error("hook failed: hook=" + name + " class=" + hooks.getClass().getName(), e);
        }
    }
}
