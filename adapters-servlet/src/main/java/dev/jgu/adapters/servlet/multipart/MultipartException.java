package dev.jgu.adapters.servlet.multipart;

/**
 * A multipart/form-data body that exceeds a limit of its {@code MultipartConfigElement} or of the
 * parser, or that is malformed. It is an {@link IllegalStateException} because {@code
 * HttpServletRequest.getParts()} is specified to throw one when a size limit is exceeded; the
 * message names the limit, its value and the part, or what the parser expected.
 */
public class MultipartException extends IllegalStateException {

    /** @param message what went wrong, with the limit and its value or what was expected */
    public MultipartException(String message) {
        super(message);
    }
}
