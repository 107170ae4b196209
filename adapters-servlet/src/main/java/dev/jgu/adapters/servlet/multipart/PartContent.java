package dev.jgu.adapters.servlet.multipart;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of one part while it is parsed: in memory up to the threshold, then in a temp file.
 * Enforces {@code maxFileSize} as bytes arrive, so an oversized part is refused before it is
 * written out in full.
 */
final class PartContent {

    private final String partName;
    private final long maxFileSize;
    private final long threshold;
    private final Path location;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;

    PartContent(String partName, long maxFileSize, long threshold, Path location) {
        this.partName = partName;
        this.maxFileSize = maxFileSize;
        this.threshold = threshold;
        this.location = location;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        size += length;
        if (maxFileSize >= 0 && size > maxFileSize) {
            throw new MultipartException("maxFileSize exceeded: part \"" + partName + "\" is larger than "
                    + maxFileSize + " bytes");
        }
        if (fileOut == null && size > threshold) {
            spill();
        }
        if (fileOut != null) {
            fileOut.write(bytes, offset, length);
        } else {
            memory.write(bytes, offset, length);
        }
    }

    private void spill() throws IOException {
        file = Files.createTempFile(location, "jgu-part-", ".tmp");
        fileOut = new BufferedOutputStream(Files.newOutputStream(file));
        memory.writeTo(fileOut);
        memory = null;
    }

    /** Flushes and closes the temp file, if any; the content is complete. */
    void finish() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
    }

    /** Closes and deletes the temp file, if any, after a failed parse. */
    void discard() throws IOException {
        try {
            if (fileOut != null) {
                fileOut.close();
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    long size() {
        return size;
    }

    /** @return the bytes, or null when they were spilled to {@link #file()} */
    byte[] memory() {
        return memory == null ? null : memory.toByteArray();
    }

    /** @return the temp file, or null when the content is in memory */
    Path file() {
        return file;
    }
}
