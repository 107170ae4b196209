package dev.jgu.dist;

import java.util.Set;

/** Faults under steady load for the {@code gthread} worker class. */
class FaultsGthreadIT extends FaultsUnderLoadChecks {

    @Override
    String workerClass() {
        return "gthread";
    }

    @Override
    Set<String> fastScenarios() {
        return Set.of("kill9", "hup", "ttin-ttou", "hang", "oom", "usr2");
    }

    @Override
    int hangsThatStopTheHeartbeat() {
        return THREADS;
    }
}
