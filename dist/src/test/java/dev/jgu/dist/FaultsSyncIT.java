package dev.jgu.dist;

import java.util.Set;

/** Faults under steady load for the {@code sync} worker class. */
class FaultsSyncIT extends FaultsUnderLoadChecks {

    @Override
    String workerClass() {
        return "sync";
    }

    @Override
    Set<String> fastScenarios() {
        return Set.of("kill9", "hang", "oom", "usr2");
    }

    @Override
    int hangsThatStopTheHeartbeat() {
        return 1;
    }
}
