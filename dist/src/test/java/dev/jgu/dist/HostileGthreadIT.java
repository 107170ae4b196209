package dev.jgu.dist;

/** The hostile-client attacks of {@link HostileClients} against the {@code gthread} worker class. */
class HostileGthreadIT extends HostileClients {

    @Override
    String workerClass() {
        return "gthread";
    }
}
