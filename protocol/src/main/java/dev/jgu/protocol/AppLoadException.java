package dev.jgu.protocol;

/** The app named on the command line cannot be loaded; its message names the class and the cause. */
public final class AppLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public AppLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public AppLoadException(String message) {
        super(message);
    }
}
