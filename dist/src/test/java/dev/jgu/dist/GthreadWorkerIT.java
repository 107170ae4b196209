package dev.jgu.dist;

/** The {@code gthread} worker class against the keep-alive worker checks. */
class GthreadWorkerIT extends WorkerClassChecks {

    @Override
    String workerClass() {
        return "gthread";
    }
}
