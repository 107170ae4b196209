package dev.jgu.spi;

/** Process exit codes with a meaning shared by the arbiter and its workers (Gunicorn's). */
public final class ExitCodes {

    /** A worker could not start (bad worker class, unusable sockets, bad settings). Halts the arbiter before its first generation is ready. */
    public static final int WORKER_BOOT_ERROR = 3;

    /** The application could not be loaded (missing class, wrong type, throwing constructor). Halts the arbiter before its first generation is ready. */
    public static final int APP_LOAD_ERROR = 4;

    /** A command-line or configuration error. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
