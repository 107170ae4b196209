package dev.jgu.dist;

import java.util.Set;

/** Faults under steady load for the {@code async} worker class. */
class FaultsAsyncIT extends FaultsUnderLoadChecks {

    @Override
    String workerClass() {
        return "async";
    }

    @Override
    Set<String> fastScenarios() {
        return Set.of("kill9", "hang", "oom", "hup");
    }

    @Override
    int hangsThatStopTheHeartbeat() {
        return 1;
    }

    /** An async worker's virtual threads run on its event loops: one that never blocks holds its loop. */
    @Override
    String hangTarget() {
        return "/hang?spin=1";
    }
}
