package dev.jgu.dist;

/** Faults under steady load for the {@code sync} worker class. */
class FaultsSyncIT extends FaultsUnderLoadChecks {

    @Override
    String workerClass() {
        return "sync";
    }

    @Override
    boolean hangStopsTheHeartbeat() {
        return true;
    }
}
