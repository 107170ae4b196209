package dev.jgu.adapters.servlet.multipart;

import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One part of a multipart/form-data body, as {@link MultipartParser} produced it: its content is
 * either in memory or in a temp file in the upload location. The temp file lives until {@link
 * #delete()} (or {@link MultipartParser#cleanup}) or until {@link #write} moves it elsewhere.
 */
public final class JguPart implements Part {

    private final String name;
    private final String submittedFileName;
    private final Map<String, List<String>> headers;
    private final Path location;
    private final long size;
    private byte[] memory;
    private Path tempFile;
    private Path writtenFile;

    JguPart(String name, String submittedFileName, Map<String, List<String>> headers, Path location,
            PartContent content) {
        this.name = name;
        this.submittedFileName = submittedFileName;
        this.headers = headers;
        this.location = location;
        this.size = content.size();
        this.memory = content.memory();
        this.tempFile = content.file();
    }

    /**
     * @return the content; after {@link #write} it is read from the written file
     * @throws IOException when the part was deleted or its file cannot be opened
     */
    @Override
    public InputStream getInputStream() throws IOException {
        if (memory != null) {
            return new ByteArrayInputStream(memory);
        }
        Path file = tempFile != null ? tempFile : writtenFile;
        if (file == null) {
            throw new IOException("part \"" + name + "\" was deleted");
        }
        return Files.newInputStream(file);
    }

    /** @return the part's Content-Type header, or null when it sent none */
    @Override
    public String getContentType() {
        return getHeader("Content-Type");
    }

    /** @return the {@code name} parameter of the part's Content-Disposition */
    @Override
    public String getName() {
        return name;
    }

    /**
     * @return the {@code filename*} (RFC 8187) or else {@code filename} parameter, as the client
     *     sent it; null for a field that is not a file
     */
    @Override
    public String getSubmittedFileName() {
        return submittedFileName;
    }

    /** @return the content's length in bytes */
    @Override
    public long getSize() {
        return size;
    }

    /**
     * Writes the content to {@code fileName}, resolved against the upload location when relative.
     * A spilled part's temp file is moved there (a copy when the move fails, e.g. across
     * devices); later reads come from the new file, and {@link #delete()} leaves it alone.
     *
     * @param fileName where to write, absolute or relative to the upload location
     * @throws IOException when the file cannot be written
     */
    @Override
    public void write(String fileName) throws IOException {
        Path target = location.resolve(fileName);
        if (memory != null) {
            Files.write(target, memory);
            return;
        }
        if (tempFile == null) {
            if (writtenFile == null) {
                throw new IOException("part \"" + name + "\" was deleted");
            }
            Files.copy(writtenFile, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            Files.move(tempFile, target, StandardCopyOption.REPLACE_EXISTING);
            tempFile = null;
            writtenFile = target;
        } catch (IOException moveFailed) {
            try {
                Files.copy(tempFile, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException copyFailed) {
                copyFailed.addSuppressed(moveFailed);
                throw copyFailed;
            }
        }
    }

    /**
     * Deletes the temp file, if any, and drops the in-memory content. A file made by {@link
     * #write} is kept: it belongs to the application. Calling it again does nothing.
     *
     * @throws IOException when the temp file cannot be deleted
     */
    @Override
    public void delete() throws IOException {
        memory = null;
        if (tempFile != null) {
            Files.deleteIfExists(tempFile);
            tempFile = null;
        }
    }

    /** @return the first value of the part header {@code name} (any case), or null */
    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    /** @return every value of the part header {@code name} (any case); empty when absent */
    @Override
    public Collection<String> getHeaders(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    /** @return the names of the part's headers, spelled as the first occurrence was */
    @Override
    public Collection<String> getHeaderNames() {
        return new ArrayList<>(headers.keySet());
    }

    /** @return the temp file holding the content, or null when it is in memory (for tests) */
    Path tempFile() {
        return tempFile;
    }

    @Override
    public String toString() {
        return "JguPart[name=" + name + ", filename=" + submittedFileName + ", size=" + size + "]";
    }
}
