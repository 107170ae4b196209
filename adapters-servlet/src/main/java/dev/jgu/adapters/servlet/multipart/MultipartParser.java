package dev.jgu.adapters.servlet.multipart;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A streaming multipart/form-data parser (RFC 7578 over RFC 2046 §5.1). It reads the body once
 * through a 16 KiB buffer, never holding more than {@code fileSizeThreshold} bytes of a part in
 * memory, and stops reading as soon as a limit is exceeded.
 *
 * <p>The core calls {@link #parse} from {@code getParts()}, exposes non-file fields as request
 * parameters through {@link #formFields}, and calls {@link #cleanup} when the request ends so no
 * temp file outlives it. The epilogue after the closing delimiter is not read; the core drains or
 * discards the rest of the body as for any request.
 */
public final class MultipartParser {

    /** How many bytes the header section of one part may take, CRLFs included. */
    public static final int MAX_HEADER_SECTION = 16 * 1024;

    /** How many parts one body may have. */
    public static final int MAX_PARTS = 10_000;

    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int MAX_BOUNDARY = 70; // RFC 2046 §5.1.1

    private final InputStream body;
    private final Charset headerCharset;
    private final long maxFileSize;
    private final long maxRequestSize;
    private final long threshold;
    private final Path location;
    private final String boundary;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private long bytesRead;
    private boolean overLimit;
    private String partName;

    private MultipartParser(InputStream body, Charset headerCharset, MultipartConfigElement config,
            Path location, String boundary) {
        this.body = body;
        this.headerCharset = headerCharset;
        this.maxFileSize = config.getMaxFileSize();
        this.maxRequestSize = config.getMaxRequestSize();
        this.threshold = Math.max(0, config.getFileSizeThreshold());
        this.location = location;
        this.boundary = boundary;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter may open the body without a CRLF before it: pretend one was read.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /**
     * Parses a multipart/form-data body.
     *
     * @param body the request body, read up to the closing delimiter (and never more than {@code
     *     maxRequestSize + 1} bytes)
     * @param contentType the request's Content-Type, which carries the boundary
     * @param headerCharset how part header bytes are decoded (the request's character encoding, or
     *     UTF-8)
     * @param config the limits and the upload location of the servlet
     * @param defaultLocation where temp files go when {@code config.getLocation()} is empty, and what
     *     a relative location is resolved against (the context's {@code
     *     jakarta.servlet.context.tempdir})
     * @return the parts in body order; file parts may hold temp files, see {@link #cleanup}
     * @throws MultipartException when a limit is exceeded or the body is malformed; the temp files
     *     written so far are deleted
     * @throws IOException when reading the body or writing a temp file fails; the temp files
     *     written so far are deleted
     */
    public static List<Part> parse(InputStream body, String contentType, Charset headerCharset,
            MultipartConfigElement config, Path defaultLocation) throws IOException, MultipartException {
        String boundary = boundary(contentType);
        MultipartParser parser = new MultipartParser(body, headerCharset, config,
                uploadLocation(config, defaultLocation), boundary);
        return parser.parseAll();
    }

    /** @return where a servlet with {@code config} gets its temp files */
    public static Path uploadLocation(MultipartConfigElement config, Path defaultLocation) {
        String location = config.getLocation();
        return location == null || location.isEmpty() ? defaultLocation : defaultLocation.resolve(location);
    }

    /**
     * Deletes every part's temp file (by {@link Part#delete()}); files the application made with
     * {@link Part#write} are kept. The core calls it once the request is complete.
     *
     * @param parts what {@link #parse} returned (parts of other origin are deleted too)
     * @throws IOException the first failure, with the later ones suppressed, after trying every part
     */
    public static void cleanup(Collection<? extends Part> parts) throws IOException {
        IOException failure = null;
        for (Part part : parts) {
            try {
                part.delete();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The text of a part, for exposing a form field as a request parameter. It is decoded with
     * the {@code charset} parameter of the part's own Content-Type when it names a known charset,
     * else with {@code charset} (the request's character encoding, or UTF-8).
     *
     * @param part a part, normally one whose {@link Part#getSubmittedFileName()} is null
     * @param charset the fallback charset
     * @return the whole content as text
     * @throws IOException when the content cannot be read
     */
    public static String fieldValue(Part part, Charset charset) throws IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), partCharset(part, charset));
        }
    }

    /**
     * The non-file parts (those without a submitted file name) as parameters, as {@code
     * getParameter} exposes them once {@code getParts()} has run.
     *
     * @param parts what {@link #parse} returned
     * @param charset the fallback charset for {@link #fieldValue}
     * @return field name to values, in body order
     * @throws IOException when a part's content cannot be read
     */
    public static Map<String, List<String>> formFields(List<? extends Part> parts, Charset charset)
            throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Part part : parts) {
            if (part.getSubmittedFileName() == null) {
                fields.computeIfAbsent(part.getName(), name -> new ArrayList<>()).add(fieldValue(part, charset));
            }
        }
        return fields;
    }

    private static Charset partCharset(Part part, Charset fallback) {
        String contentType = part.getContentType();
        String name = contentType == null ? null : HeaderValue.parse(contentType).parameter("charset");
        if (name != null) {
            try {
                return Charset.forName(name);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return fallback; // a client's unknown charset label: the request's encoding is the best guess
            }
        }
        return fallback;
    }

    private static String boundary(String contentType) {
        if (contentType == null) {
            throw new MultipartException("not multipart/form-data: the request has no Content-Type");
        }
        HeaderValue value = HeaderValue.parse(contentType);
        if (!value.type().equals("multipart/form-data")) {
            throw new MultipartException("not multipart/form-data: Content-Type is \"" + contentType + "\"");
        }
        String boundary = value.parameter("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new MultipartException("multipart/form-data without a boundary parameter: \"" + contentType + "\"");
        }
        if (boundary.length() > MAX_BOUNDARY || !boundary.chars().allMatch(c -> c > 0x1f && c < 0x7f)) {
            throw new MultipartException("multipart boundary must be 1 to " + MAX_BOUNDARY
                    + " printable ASCII characters, got \"" + boundary + "\"");
        }
        return boundary;
    }

    private List<Part> parseAll() throws IOException {
        List<JguPart> parts = new ArrayList<>();
        PartContent content = null;
        try {
            skipToDelimiter(null);
            while (!readDelimiterEnd()) {
                if (parts.size() == MAX_PARTS) {
                    throw new MultipartException("too many parts: more than " + MAX_PARTS);
                }
                partName = null;
                Map<String, List<String>> headers = readHeaders(parts.size() + 1);
                HeaderValue disposition = disposition(headers, parts.size() + 1);
                partName = disposition.parameter("name");
                content = new PartContent(partName, maxFileSize, threshold, location);
                skipToDelimiter(content);
                content.finish();
                parts.add(new JguPart(partName, fileName(disposition), headers, location, content));
                content = null;
            }
            return new ArrayList<>(parts);
        } catch (IOException | RuntimeException | Error e) {
            discard(content, parts, e);
            throw e;
        }
    }

    private static void discard(PartContent content, List<JguPart> parts, Throwable failure) {
        try {
            if (content != null) {
                content.discard();
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        try {
            cleanup(parts);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Moves past the next delimiter, handing the bytes before it to {@code content} (or dropping
     * them for the preamble). The last {@code delimiter.length - 1} buffered bytes are held back
     * while no delimiter is found: they may be the start of one split across reads.
     */
    private void skipToDelimiter(PartContent content) throws IOException {
        while (true) {
            int found = indexOfDelimiter();
            int end = found >= 0 ? found : Math.max(position, limit - delimiter.length + 1);
            if (content != null) {
                content.write(buffer, position, end - position);
            }
            if (found >= 0) {
                position = found + delimiter.length;
                return;
            }
            position = end;
            if (!fill()) {
                throw new MultipartException("malformed multipart body: expected the delimiter \"--" + boundary
                        + "\"" + (partName == null ? "" : " after part \"" + partName + "\"")
                        + ", reached the end of the body");
            }
        }
    }

    private int indexOfDelimiter() {
        int last = limit - delimiter.length;
        outer:
        for (int i = position; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Reads what follows a delimiter: {@code --} closes the body; otherwise optional transport
     * padding (RFC 2046 §5.1.1) and a CRLF open the next part.
     *
     * @return true at the closing delimiter
     */
    private boolean readDelimiterEnd() throws IOException {
        int first = readByte();
        if (first == '-' && readByte() == '-') {
            return true;
        }
        int b = first;
        int padding = 0;
        while ((b == ' ' || b == '\t') && padding++ < MAX_HEADER_SECTION) {
            b = readByte();
        }
        if (b != '\r' || readByte() != '\n') {
            throw new MultipartException("malformed multipart body: expected CRLF or \"--\" after the delimiter \"--"
                    + boundary + "\"");
        }
        return false;
    }

    private Map<String, List<String>> readHeaders(int partNumber) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String previous = null;
        int sectionSize = 0;
        while (true) {
            int b = readByte();
            if (b < 0) {
                throw new MultipartException("malformed multipart body: part " + partNumber
                        + " ends inside its headers");
            }
            if (++sectionSize > MAX_HEADER_SECTION) {
                throw new MultipartException("part header section too large: part " + partNumber
                        + " has more than " + MAX_HEADER_SECTION + " bytes of headers");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(headerCharset);
            line.reset();
            text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            if (text.isEmpty()) {
                return headers;
            }
            previous = addHeader(headers, text, previous, partNumber);
        }
    }

    /** @return the header's name, for an obsolete folded continuation line that may follow */
    private static String addHeader(Map<String, List<String>> headers, String line, String previous,
            int partNumber) {
        if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && previous != null) {
            List<String> values = headers.get(previous);
            values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
            return previous;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new MultipartException("malformed multipart body: expected \"Name: value\" in the headers of part "
                    + partNumber + ", got \"" + line + "\"");
        }
        String name = line.substring(0, colon).strip();
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        return name;
    }

    private static HeaderValue disposition(Map<String, List<String>> headers, int partNumber) {
        List<String> values = headers.get("Content-Disposition");
        HeaderValue disposition = values == null ? null : HeaderValue.parse(values.get(0));
        if (disposition == null || !disposition.type().equals("form-data") || disposition.parameter("name") == null) {
            throw new MultipartException("malformed multipart body: part " + partNumber
                    + " needs \"Content-Disposition: form-data; name=...\" (RFC 7578 §4.2), got "
                    + (values == null ? "none" : "\"" + values.get(0) + "\""));
        }
        return disposition;
    }

    /** RFC 6266 §4.3: {@code filename*} wins over {@code filename} when the recipient can decode it. */
    private String fileName(HeaderValue disposition) {
        String plain = disposition.parameter("filename");
        String extended = disposition.parameter("filename*");
        if (extended == null) {
            return plain;
        }
        String decoded = HeaderValue.decodeExtValue(extended);
        if (decoded == null && plain == null) {
            throw new MultipartException("malformed multipart body: part \"" + partName
                    + "\" has a filename* that is not charset'language'percent-encoded: \"" + extended + "\"");
        }
        return decoded != null ? decoded : plain;
    }

    private int readByte() throws IOException {
        while (position == limit) {
            if (!fill()) {
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    /**
     * Reads more of the body after the unconsumed bytes, never asking for more than one byte past
     * {@code maxRequestSize}. That byte tells an oversized body from one that ends exactly at the
     * limit; it is kept from the parser, and the limit error is raised only when the parser needs
     * more than {@code maxRequestSize} bytes, so it names the part that crossed the limit and an
     * epilogue past the limit is no error.
     *
     * @return false at the end of the body
     */
    private boolean fill() throws IOException {
        if (overLimit) {
            throw new MultipartException("maxRequestSize exceeded: the body is larger than " + maxRequestSize
                    + " bytes" + (partName == null ? "" : " (in part \"" + partName + "\")"));
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        int wanted = buffer.length - limit;
        if (maxRequestSize >= 0) {
            wanted = (int) Math.min(wanted, maxRequestSize - bytesRead + 1);
        }
        int n = body.read(buffer, limit, wanted);
        if (n < 0) {
            return false;
        }
        bytesRead += n;
        if (maxRequestSize >= 0 && bytesRead > maxRequestSize) {
            overLimit = true;
            n--;
        }
        limit += n;
        return true;
    }
}
