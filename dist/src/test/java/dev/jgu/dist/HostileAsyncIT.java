package dev.jgu.dist;

/** The hostile-client attacks of {@link HostileClients} against the {@code async} worker class. */
class HostileAsyncIT extends HostileClients {

    @Override
    String workerClass() {
        return "async";
    }
}
