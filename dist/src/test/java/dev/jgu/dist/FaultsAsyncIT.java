package dev.jgu.dist;

/** Faults under steady load for the {@code async} worker class. */
class FaultsAsyncIT extends FaultsUnderLoadChecks {

    @Override
    String workerClass() {
        return "async";
    }

    @Override
    boolean hangStopsTheHeartbeat() {
        return true;
    }

    /** An async worker's virtual threads run on its event loops: one that never blocks holds its loop. */
    @Override
    String hangTarget() {
        return "/hang?spin=1";
    }
}
