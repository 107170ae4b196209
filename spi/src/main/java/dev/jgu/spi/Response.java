package dev.jgu.spi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A response: a status, header fields and at most one body, which is either
 * bytes, a {@link BodyWriter} that streams it, or a file sent with
 * {@code FileChannel.transferTo} (sendfile).
 *
 * <p>The server adds {@code Date}, {@code Server}, {@code Connection} and the
 * framing headers itself; hop-by-hop headers set by an app are dropped.
 */
public final class Response {

    private static final byte[] EMPTY = new byte[0];

    private final int status;
    private final Headers headers = new Headers();
    private byte[] bytes = EMPTY;
    private BodyWriter writer;
    private Path file;

    private Response(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be 100..999, got " + status);
        }
        this.status = status;
    }

    /**
     * A response with this status and no body.
     *
     * @param status the status code, 100..999
     * @return a new response
     */
    public static Response of(int status) {
        return new Response(status);
    }

    /**
     * A {@code text/plain; charset=utf-8} response.
     *
     * @param status the status code
     * @param text the body
     * @return a new response
     */
    public static Response text(int status, String text) {
        return of(status).header("Content-Type", "text/plain; charset=utf-8")
                .body(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Adds a header field.
     *
     * @param name the field name
     * @param value the field value
     * @return this response
     */
    public Response header(String name, String value) {
        headers.add(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets the body to these bytes (the array is not copied).
     *
     * @param body the body
     * @return this response
     */
    public Response body(byte[] body) {
        this.bytes = Objects.requireNonNull(body, "body");
        this.writer = null;
        this.file = null;
        return this;
    }

    /**
     * Sets the body to this text, encoded as UTF-8.
     *
     * @param body the body
     * @return this response
     */
    public Response body(String body) {
        return body(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Streams the body from {@code writer} after the headers are sent.
     *
     * @param writer writes the body
     * @return this response
     */
    public Response stream(BodyWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.bytes = EMPTY;
        this.file = null;
        return this;
    }

    /**
     * Sends this file as the body, with sendfile where the platform allows.
     *
     * @param file a readable regular file
     * @return this response
     */
    public Response file(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.bytes = EMPTY;
        this.writer = null;
        return this;
    }

    /** @return the status code */
    public int status() {
        return status;
    }

    /** @return the header fields, mutable */
    public Headers headers() {
        return headers;
    }

    /** @return the byte body; empty when the body is streamed or a file */
    public byte[] bytes() {
        return bytes;
    }

    /** @return the streaming writer, or {@code null} */
    public BodyWriter writer() {
        return writer;
    }

    /** @return the file body, or {@code null} */
    public Path file() {
        return file;
    }
}
