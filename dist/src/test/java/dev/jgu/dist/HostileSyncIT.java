package dev.jgu.dist;

/** The hostile-client attacks of {@link HostileClients} against the {@code sync} worker class. */
class HostileSyncIT extends HostileClients {

    @Override
    String workerClass() {
        return "sync";
    }
}
