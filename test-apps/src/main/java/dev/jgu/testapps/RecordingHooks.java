package dev.jgu.testapps;

import dev.jgu.spi.Request;
import dev.jgu.spi.Response;
import dev.jgu.spi.Server;
import dev.jgu.spi.ServerHooks;
import dev.jgu.spi.WorkerContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Server hooks that append one line per call to the file named by the
 * {@code JGU_HOOKS_LOG} environment variable ({@code hook=NAME pid=PID ...}), so a
 * test can see which hooks ran in which process. {@code pre_request} throws for
 * the path {@code /hook-throws}, to show that a failing hook breaks nothing.
 */
public final class RecordingHooks implements ServerHooks {

    private final Path file = Path.of(System.getenv().getOrDefault("JGU_HOOKS_LOG", "hooks.log"));

    private void record(String line) throws IOException {
        Files.writeString(file, line + " pid=" + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    @Override
    public void onStarting(Server server) throws IOException {
        record("hook=on_starting");
    }

    @Override
    public void whenReady(Server server) throws IOException {
        record("hook=when_ready workers=" + server.workers());
    }

    @Override
    public void preSpawn(Server server, int workerId) throws IOException {
        record("hook=pre_spawn worker=" + workerId);
    }

    @Override
    public void postSpawn(WorkerContext worker) throws IOException {
        record("hook=post_spawn worker=" + worker.workerId());
    }

    @Override
    public void postWorkerInit(WorkerContext worker) throws IOException {
        record("hook=post_worker_init worker=" + worker.workerId());
    }

    @Override
    public void preRequest(WorkerContext worker, Request request) throws IOException {
        if ("/hook-throws".equals(request.path())) {
            throw new IllegalStateException("pre_request hook failed on purpose");
        }
        record("hook=pre_request path=" + request.path());
    }

    @Override
    public void postRequest(WorkerContext worker, Request request, Response response, int status) throws IOException {
        record("hook=post_request path=" + request.path() + " status=" + status);
    }

    @Override
    public void workerInt(WorkerContext worker) throws IOException {
        record("hook=worker_int worker=" + worker.workerId());
    }

    @Override
    public void workerAbort(WorkerContext worker) throws IOException {
        record("hook=worker_abort worker=" + worker.workerId());
    }

    @Override
    public void workerExit(WorkerContext worker) throws IOException {
        record("hook=worker_exit worker=" + worker.workerId());
    }

    @Override
    public void childExit(Server server, int workerId, long pid, int exitCode) throws IOException {
        record("hook=child_exit worker=" + workerId + " code=" + exitCode);
    }

    @Override
    public void nworkersChanged(Server server, int newCount, int oldCount) throws IOException {
        record("hook=nworkers_changed new=" + newCount + " old=" + oldCount);
    }

    @Override
    public void onReload(Server server) throws IOException {
        record("hook=on_reload");
    }

    @Override
    public void preExec(Server server) throws IOException {
        record("hook=pre_exec");
    }

    @Override
    public void onExit(Server server) throws IOException {
        record("hook=on_exit");
    }
}
