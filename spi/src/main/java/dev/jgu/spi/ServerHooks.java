package dev.jgu.spi;

/**
 * Server hooks (Gunicorn's), implemented by a class named in the {@code hooks}
 * setting with a public no-arg constructor; every method is optional. Arbiter
 * hooks run on the arbiter's loop thread, worker hooks inside the worker JVM. A
 * hook that throws is logged and never stops the server, so keep them short.
 */
public interface ServerHooks {

    /** In the arbiter, before the listeners are bound. @param server the arbiter */
    default void onStarting(Server server) throws Exception {
    }

    /** In the arbiter, when every worker of the first generation is ready. @param server the arbiter */
    default void whenReady(Server server) throws Exception {
    }

    /**
     * In the arbiter, just before a worker is spawned.
     *
     * @param server the arbiter
     * @param workerId the new worker's number
     */
    default void preSpawn(Server server, int workerId) throws Exception {
    }

    /** In the worker, right after it starts, before the app is loaded. @param worker the worker */
    default void postSpawn(WorkerContext worker) throws Exception {
    }

    /** In the worker, after the app is loaded, before it starts serving. @param worker the worker */
    default void postWorkerInit(WorkerContext worker) throws Exception {
    }

    /**
     * In the worker, before the app handles a request.
     *
     * @param worker the worker
     * @param request the request
     */
    default void preRequest(WorkerContext worker, Request request) throws Exception {
    }

    /**
     * In the worker, after a response was sent (also when the app failed).
     *
     * @param worker the worker
     * @param request the request
     * @param response the app's response, or null when it failed or never ran
     * @param status the status sent
     */
    default void postRequest(WorkerContext worker, Request request, Response response, int status) throws Exception {
    }

    /** In the worker, when it got INT (quick stop). @param worker the worker */
    default void workerInt(WorkerContext worker) throws Exception {
    }

    /** In the worker, when the arbiter aborts it for a heartbeat timeout. @param worker the worker */
    default void workerAbort(WorkerContext worker) throws Exception {
    }

    /** In the worker, as it exits normally. @param worker the worker */
    default void workerExit(WorkerContext worker) throws Exception {
    }

    /**
     * In the arbiter, after a worker was reaped.
     *
     * @param server the arbiter
     * @param workerId the worker's number
     * @param pid its pid
     * @param exitCode its exit code (128 + signal when killed by one)
     */
    default void childExit(Server server, int workerId, long pid, int exitCode) throws Exception {
    }

    /**
     * In the arbiter, when the target number of workers changes.
     *
     * @param server the arbiter
     * @param newCount the new target
     * @param oldCount the old target, or 0 the first time
     */
    default void nworkersChanged(Server server, int newCount, int oldCount) throws Exception {
    }

    /** In the arbiter, on HUP, after the configuration was re-read. @param server the arbiter */
    default void onReload(Server server) throws Exception {
    }

    /** In the arbiter, just before a USR2 re-exec. @param server the arbiter */
    default void preExec(Server server) throws Exception {
    }

    /** In the arbiter, just before it exits. @param server the arbiter */
    default void onExit(Server server) throws Exception {
    }
}
