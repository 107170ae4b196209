package jnr.posix;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A spawn attribute that gives the child an empty signal mask and the default
 * disposition for every signal. Without it a worker inherits whatever the
 * arbiter's spawning thread blocked or ignored (a JVM blocks several).
 */
public final class ResetSignals extends SpawnAttribute {

    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;
    /** glibc's POSIX_SPAWN_SETSID (2.26+): the child leads a new session, detached from the terminal. */
    private static final int SETSID = 0x80;

    private final boolean newSession;

    /** @param newSession whether the child also starts a new session (daemon mode) */
    public ResetSignals(boolean newSession) {
        this.newSession = newSession;
    }

    @Override
    boolean set(POSIX posix, Pointer nativeSpawnAttr) {
        GlibcSpawn c = GlibcSpawn.INSTANCE;
        Runtime runtime = Runtime.getSystemRuntime();
        Pointer empty = Memory.allocateDirect(runtime, GlibcSpawn.SIGSET_BYTES);
        Pointer all = Memory.allocateDirect(runtime, GlibcSpawn.SIGSET_BYTES);
        c.sigemptyset(empty);
        c.sigfillset(all);
        c.sigdelset(all, SIGKILL);
        c.sigdelset(all, SIGSTOP);
        short flags = (short) (SpawnAttribute.SETSIGMASK | SpawnAttribute.SETSIGDEF | (newSession ? SETSID : 0));
        return c.posix_spawnattr_setflags(nativeSpawnAttr, flags) == 0
                && c.posix_spawnattr_setsigmask(nativeSpawnAttr, empty) == 0
                && c.posix_spawnattr_setsigdefault(nativeSpawnAttr, all) == 0;
    }

    @Override
    public String toString() {
        return "resetSignals";
    }
}
