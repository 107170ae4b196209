package dev.jgu.adapters.servlet.statics;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Sends a file region as the response body without copying it through the JVM heap (the core
 * implements it with sendfile). The core puts one in the ServletContext attribute {@link
 * #ATTRIBUTE}; {@link DefaultServlet} uses it for resources that are files, after it has set the
 * status and headers, and copies through the output stream when it is absent or declines.
 */
@FunctionalInterface
public interface FileSender {

    /** The ServletContext attribute holding the {@code FileSender}. */
    String ATTRIBUTE = "dev.jgu.adapters.servlet.statics.FileSender";

    /**
     * Sends {@code length} bytes of {@code file} from {@code offset} as the body of {@code response}.
     *
     * @param response the response, status and headers set, no body written yet
     * @param file a regular file
     * @param offset the first byte to send
     * @param length how many bytes to send
     * @return true when sent; false, having sent nothing, when it cannot (the response is wrapped
     *     or already has body bytes), and the caller then copies the bytes itself
     * @throws IOException when sending fails part way
     */
    boolean send(HttpServletResponse response, Path file, long offset, long length) throws IOException;
}
