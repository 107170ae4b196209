package jnr.posix;

/** A spawn file action that changes the child's working directory (glibc >= 2.29). */
public final class ChangeDir extends SpawnFileAction {

    private final String path;

    /** @param path the directory */
    public ChangeDir(String path) {
        this.path = path;
    }

    @Override
    boolean act(POSIX posix, jnr.ffi.Pointer nativeFileActions) {
        return GlibcSpawn.INSTANCE.posix_spawn_file_actions_addchdir_np(nativeFileActions, path) == 0;
    }

    @Override
    public String toString() {
        return "chdir(" + path + ")";
    }
}
