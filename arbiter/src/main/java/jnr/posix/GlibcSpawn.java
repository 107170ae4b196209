package jnr.posix;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * The glibc spawn functions jnr-posix does not bind (or binds with helpers that
 * throw "not yet supported"). Lives in {@code jnr.posix} only because
 * {@link SpawnFileAction#act} and {@link SpawnAttribute#set} are package-private.
 */
public interface GlibcSpawn {

    /** Bytes of a glibc {@code sigset_t} (1024 bits). */
    int SIGSET_BYTES = 128;

    /** The binding, loaded once. */
    GlibcSpawn INSTANCE = LibraryLoader.create(GlibcSpawn.class).load("c");

    /** glibc >= 2.34: close every fd >= from in the child. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    /** glibc >= 2.29: chdir in the child before exec. */
    int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int sigemptyset(Pointer sigset);

    int sigfillset(Pointer sigset);

    int sigdelset(Pointer sigset, int signal);
}
