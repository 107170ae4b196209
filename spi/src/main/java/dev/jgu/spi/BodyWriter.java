package dev.jgu.spi;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a streamed response body. Sent chunked on HTTP/1.1 unless the response declares a Content-Length. */
@FunctionalInterface
public interface BodyWriter {

    /**
     * Writes the body.
     *
     * @param out the body stream; flushing it sends what was written so far
     * @throws IOException when the client went away or writing failed
     */
    void writeTo(OutputStream out) throws IOException;
}
