package dev.jgu.adapters.servlet.webapp;

/**
 * A web app that cannot be deployed as given. The message names the file or entry, the offending
 * value and what was expected, e.g. {@code WEB-INF/web.xml line 12:
 * <load-on-startup>abc</load-on-startup>: expected an integer}.
 */
public final class WebappException extends Exception {

    /** @param message what is wrong, where, and what was expected */
    public WebappException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, where, and what was expected
     * @param cause the underlying failure
     */
    public WebappException(String message, Throwable cause) {
        super(message, cause);
    }
}
