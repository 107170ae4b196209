package dev.jgu.dist;

/** Faults under steady load for the {@code gthread} worker class. */
class FaultsGthreadIT extends FaultsUnderLoadChecks {

    @Override
    String workerClass() {
        return "gthread";
    }

    @Override
    boolean hangStopsTheHeartbeat() {
        return false;
    }
}
