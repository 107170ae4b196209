package dev.jgu.adapters.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Collection;

/** What {@code getParts} needs: a parser of multipart/form-data bodies and the clean-up of its temp files. */
interface MultipartSupport {

    /**
     * @param body the request body
     * @param contentType the request's Content-Type, with the boundary
     * @param charset the request's character encoding, for part headers and field values
     * @param config the servlet's multipart config (limits, threshold, location)
     * @return the parts, in order
     * @throws IOException when the body cannot be read
     * @throws IllegalStateException when a size limit is passed
     */
    Collection<Part> parse(InputStream body, String contentType, Charset charset, MultipartConfigElement config) throws IOException;

    /**
     * @param part a form field (no file name)
     * @param charset the encoding of its value
     * @return its value as text
     */
    String fieldValue(Part part, Charset charset) throws IOException;

    /** Deletes the parts' temp files at the end of the request. */
    void cleanup(Collection<Part> parts);
}
