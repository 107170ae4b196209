package jnr.posix;

/**
 * A spawn file action that closes every fd from a number up. The JDK's own fds
 * (jars, the modules image, sockets) are not close-on-exec, so without this a
 * worker inherits about 25 fds it must never touch.
 */
public final class CloseFrom extends SpawnFileAction {

    private final int from;

    /** @param from the lowest fd to close in the child */
    public CloseFrom(int from) {
        this.from = from;
    }

    @Override
    boolean act(POSIX posix, jnr.ffi.Pointer nativeFileActions) {
        return GlibcSpawn.INSTANCE.posix_spawn_file_actions_addclosefrom_np(nativeFileActions, from) == 0;
    }

    @Override
    public String toString() {
        return "closefrom(" + from + ")";
    }
}
