package dev.jgu.dist;

/** The {@code async} worker class against the keep-alive worker checks. */
class AsyncWorkerIT extends WorkerClassChecks {

    @Override
    String workerClass() {
        return "async";
    }
}
