package dev.jgu.adapters.servlet.multipart;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartParserTest {

    private static final String CONTENT_TYPE = "multipart/form-data; boundary=XyZ";
    private static final MultipartConfigElement UNLIMITED = new MultipartConfigElement("", -1, -1, 1024 * 1024);

    @TempDir
    Path tmp;

    private List<Part> parse(InputStream body, MultipartConfigElement config) throws IOException {
        return MultipartParser.parse(body, CONTENT_TYPE, UTF_8, config, tmp);
    }

    private List<Part> parse(byte[] body, MultipartConfigElement config) throws IOException {
        return parse(SplitInputStream.whole(body), config);
    }

    private List<Part> parse(String body) throws IOException {
        return parse(body.getBytes(UTF_8), UNLIMITED);
    }

    private static String part(String name, String content) {
        return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + content + "\r\n";
    }

    private static byte[] bytes(Part part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String text(Part part) throws IOException {
        return new String(bytes(part), UTF_8);
    }

    private long filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    /** A field, a file with tricky binary content and a file that spans many buffers. */
    private static byte[] trickyBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("preamble to ignore\r\n" + part("title", "héllo") + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"bin\"; filename=\"b.dat\"\r\n"
                + "content-type: application/octet-stream\r\n\r\n").getBytes(UTF_8));
        out.writeBytes(binaryContent());
        out.writeBytes(("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"big\"; filename=\"big.txt\"\r\n\r\n")
                .getBytes(UTF_8));
        out.writeBytes(largeContent());
        out.writeBytes("\r\n--XyZ--\r\nepilogue to ignore".getBytes(UTF_8));
        return out.toByteArray();
    }

    /** Every byte value, then near-delimiters: CRLF-- and partial boundaries followed by something else. */
    private static byte[] binaryContent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 256; i++) {
            out.write(i);
        }
        out.writeBytes("\r\n--XyQ\r\n--Xy\r\n-\r\n--\r\n\r\n--x\r\n--XYZ\r--XyZ\n--XyZ--\r\n--Xy".getBytes(ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] largeContent() {
        byte[] bytes = new byte[40_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ("0123456789\r\n-".charAt(i % 13));
        }
        return bytes;
    }

    private static List<String> summary(List<Part> parts) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Part part : parts) {
            lines.add(part.getName() + "|" + part.getSubmittedFileName() + "|" + part.getContentType() + "|"
                    + part.getSize() + "|" + java.util.HexFormat.of().formatHex(bytes(part)));
        }
        return lines;
    }

    @Test
    void parsesFieldsAndFiles() throws IOException {
        List<Part> parts = parse(trickyBody(), UNLIMITED);

        assertEquals(3, parts.size());
        assertEquals("title", parts.get(0).getName());
        assertNull(parts.get(0).getSubmittedFileName());
        assertNull(parts.get(0).getContentType());
        assertEquals("héllo", text(parts.get(0)));
        assertEquals("b.dat", parts.get(1).getSubmittedFileName());
        assertEquals("application/octet-stream", parts.get(1).getContentType());
        assertArrayEquals(binaryContent(), bytes(parts.get(1)));
        assertEquals(binaryContent().length, parts.get(1).getSize());
        assertArrayEquals(largeContent(), bytes(parts.get(2)));
    }

    @Test
    void sameResultUnderEverySplitting() throws IOException {
        byte[] body = trickyBody();
        List<String> expected = summary(parse(body, UNLIMITED));

        MultipartConfigElement spillAll = new MultipartConfigElement("", -1, -1, 0);
        assertEquals(expected, summary(parse(SplitInputStream.byteByByte(body), UNLIMITED)));
        assertEquals(expected, summary(parse(SplitInputStream.byteByByte(body), spillAll)));
        for (long seed = 1; seed <= 20; seed++) {
            assertEquals(expected, summary(parse(SplitInputStream.randomChunks(body, seed), UNLIMITED)), "seed " + seed);
            assertEquals(expected, summary(parse(SplitInputStream.randomChunks(body, seed), spillAll)), "seed " + seed);
        }
    }

    @Test
    void findsDelimiterSplitAtEveryOffset() throws IOException {
        byte[] body = (part("a", "x\r\n-") + part("b", "\r\n--Xy") + "--XyZ--").getBytes(UTF_8);
        for (int size = 1; size <= body.length; size++) {
            List<Part> parts = parse(SplitInputStream.chunksOf(body, size), UNLIMITED);
            assertEquals("x\r\n-", text(parts.get(0)), "reads of " + size);
            assertEquals("\r\n--Xy", text(parts.get(1)), "reads of " + size);
        }
    }

    @Test
    void keepsPartAtThresholdInMemory() throws IOException {
        List<Part> parts = parse(part("f", "0123456789").concat("--XyZ--").getBytes(UTF_8),
                new MultipartConfigElement("", -1, -1, 10));

        assertNull(((JguPart) parts.get(0)).tempFile());
        assertEquals(0, filesIn(tmp));
        assertEquals("0123456789", text(parts.get(0)));
    }

    @Test
    void spillsPartOneOverThresholdAndCleanupDeletesIt() throws IOException {
        List<Part> parts = parse(part("f", "0123456789A").concat("--XyZ--").getBytes(UTF_8),
                new MultipartConfigElement("", -1, -1, 10));

        Path file = ((JguPart) parts.get(0)).tempFile();
        assertNotNull(file);
        assertEquals(tmp, file.getParent());
        assertEquals("0123456789A", Files.readString(file));
        assertEquals("0123456789A", text(parts.get(0)));
        MultipartParser.cleanup(parts);
        assertFalse(Files.exists(file));
        assertEquals(0, filesIn(tmp));
    }

    @Test
    void emptyPartStaysInMemoryAtThresholdZero() throws IOException {
        List<Part> parts = parse(part("f", "").concat("--XyZ--").getBytes(UTF_8), new MultipartConfigElement(""));

        assertNull(((JguPart) parts.get(0)).tempFile());
        assertEquals(0, parts.get(0).getSize());
    }

    @Test
    void deleteRemovesTempFile() throws IOException {
        List<Part> parts = parse(part("f", "spilled").concat("--XyZ--").getBytes(UTF_8), new MultipartConfigElement(""));
        Path file = ((JguPart) parts.get(0)).tempFile();

        parts.get(0).delete();

        assertFalse(Files.exists(file));
        assertThrows(IOException.class, () -> parts.get(0).getInputStream());
        parts.get(0).delete();
    }

    @Test
    void relativeLocationResolvesUnderDefault() throws IOException {
        Files.createDirectory(tmp.resolve("uploads"));
        List<Part> parts = parse(part("f", "spilled").concat("--XyZ--").getBytes(UTF_8),
                new MultipartConfigElement("uploads"));

        assertEquals(tmp.resolve("uploads"), ((JguPart) parts.get(0)).tempFile().getParent());
        MultipartParser.cleanup(parts);
    }

    @Test
    void writeMovesSpilledFileAndCleanupKeepsIt() throws IOException {
        List<Part> parts = parse(part("f", "spilled").concat("--XyZ--").getBytes(UTF_8), new MultipartConfigElement(""));
        Path temp = ((JguPart) parts.get(0)).tempFile();

        parts.get(0).write("saved.txt");
        MultipartParser.cleanup(parts);

        assertFalse(Files.exists(temp));
        assertEquals("spilled", Files.readString(tmp.resolve("saved.txt")));
        assertEquals("spilled", text(parts.get(0)));
    }

    @Test
    void writeOfInMemoryPartToAbsolutePath(@TempDir Path elsewhere) throws IOException {
        List<Part> parts = parse(part("f", "in memory") + "--XyZ--");

        parts.get(0).write(elsewhere.resolve("out.txt").toString());

        assertEquals("in memory", Files.readString(elsewhere.resolve("out.txt")));
    }

    @Test
    void acceptsFileExactlyAtMaxFileSize() throws IOException {
        List<Part> parts = parse((part("f", "0123456789") + "--XyZ--").getBytes(UTF_8),
                new MultipartConfigElement("", 10, -1, 0));

        assertEquals(10, parts.get(0).getSize());
    }

    @Test
    void refusesFileOneOverMaxFileSizeAndDeletesTempFiles() {
        byte[] body = (part("first", "spilled") + part("upload", "0123456789A") + "--XyZ--").getBytes(UTF_8);

        MultipartException e = assertThrows(MultipartException.class,
                () -> parse(body, new MultipartConfigElement("", 10, -1, 0)));

        assertEquals("maxFileSize exceeded: part \"upload\" is larger than 10 bytes", e.getMessage());
        assertTrue(e instanceof IllegalStateException);
        assertDoesNotThrowIo(() -> assertEquals(0, filesIn(tmp)));
    }

    @Test
    void acceptsBodyExactlyAtMaxRequestSize() throws IOException {
        byte[] body = (part("f", "value") + "--XyZ--").getBytes(UTF_8);

        List<Part> parts = parse(body, new MultipartConfigElement("", -1, body.length, 0));

        assertEquals(1, parts.size());
    }

    @Test
    void refusesBodyOneOverMaxRequestSize() {
        byte[] body = (part("f", "value") + "--XyZ--").getBytes(UTF_8);
        SplitInputStream in = SplitInputStream.whole(body);

        MultipartException e = assertThrows(MultipartException.class,
                () -> parse(in, new MultipartConfigElement("", -1, body.length - 1, 0)));

        assertEquals("maxRequestSize exceeded: the body is larger than " + (body.length - 1) + " bytes (in part \"f\")",
                e.getMessage());
        assertEquals(body.length, in.consumed());
        assertDoesNotThrowIo(() -> assertEquals(0, filesIn(tmp)));
    }

    @Test
    void ignoresEpiloguePastMaxRequestSize() throws IOException {
        byte[] body = (part("f", "value") + "--XyZ--").getBytes(UTF_8);
        byte[] withEpilogue = (part("f", "value") + "--XyZ--\r\nsome epilogue").getBytes(UTF_8);

        List<Part> parts = parse(withEpilogue, new MultipartConfigElement("", -1, body.length, 0));

        assertEquals("value", text(parts.get(0)));
    }

    @Test
    void readsNoMoreThanOneBytePastMaxRequestSize() {
        byte[] body = (part("f", "x".repeat(100_000)) + "--XyZ--").getBytes(UTF_8);
        SplitInputStream in = SplitInputStream.whole(body);

        assertThrows(MultipartException.class, () -> parse(in, new MultipartConfigElement("", -1, 1000, 0)));

        assertEquals(1001, in.consumed());
    }

    @Test
    void decodesFileNames() throws IOException {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"rates.txt\"; "
                + "filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\n1\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"b\"; filename*=iso-8859-1'en'%E9t%E9.txt\r\n\r\n2\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"c\"; filename=\"say \\\"hi\\\".txt\"\r\n\r\n3\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"d\"; filename=\"C:\\dir\\d.txt\"\r\n\r\n4\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"e\"; filename=\"\"\r\n\r\n\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"plain.txt\"; filename*=UTF-8''%ZZ\r\n\r\n6\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"g\"; filename=\"日本.txt\"\r\n\r\n7\r\n"
                + "--XyZ\r\nCONTENT-DISPOSITION: Form-Data; Name=h; FileName=h.txt\r\n\r\n8\r\n"
                + "--XyZ--";

        List<String> names = parse(body).stream().map(Part::getSubmittedFileName).toList();

        assertEquals(List.of("€ rates.txt", "été.txt", "say \"hi\".txt", "C:\\dir\\d.txt", "", "plain.txt",
                "日本.txt", "h.txt"), names);
    }

    @Test
    void refusesUndecodableFileNameStarWithoutFallback() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename*=UTF-8%E2\r\n\r\n1\r\n--XyZ--";

        MultipartException e = assertThrows(MultipartException.class, () -> parse(body));

        assertTrue(e.getMessage().contains("filename*"), e.getMessage());
    }

    @Test
    void decodesHeadersWithTheGivenCharset() throws IOException {
        byte[] body = ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"é.txt\"\r\n\r\n1\r\n--XyZ--")
                .getBytes(ISO_8859_1);

        List<Part> parts = MultipartParser.parse(SplitInputStream.whole(body), CONTENT_TYPE, ISO_8859_1, UNLIMITED, tmp);

        assertEquals("é.txt", parts.get(0).getSubmittedFileName());
    }

    @Test
    void headersAreCaseInsensitive() throws IOException {
        String body = "--XyZ\r\ncontent-disposition: form-data; name=\"a\"\r\nX-Tag: one\r\nx-tag: two\r\n"
                + "Content-Type: text/plain\r\n\r\n1\r\n--XyZ--";

        Part part = parse(body).get(0);

        assertEquals("one", part.getHeader("X-TAG"));
        assertEquals(List.of("one", "two"), List.copyOf(part.getHeaders("x-Tag")));
        assertEquals(List.of(), List.copyOf(part.getHeaders("missing")));
        assertNull(part.getHeader("missing"));
        assertEquals(3, part.getHeaderNames().size());
        assertEquals("text/plain", part.getContentType());
    }

    @Test
    void acceptsQuotedBoundary() throws IOException {
        String body = "--a=b;c d\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--a=b;c d--";

        List<Part> parts = MultipartParser.parse(SplitInputStream.whole(body.getBytes(UTF_8)),
                "Multipart/Form-Data; charset=utf-8; boundary=\"a=b;c d\"", UTF_8, UNLIMITED, tmp);

        assertEquals("v", text(parts.get(0)));
    }

    @Test
    void ignoresPreambleEpilogueAndTransportPadding() throws IOException {
        String body = "\r\nsome preamble\r\n--XyZ \t\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n"
                + "--XyZ--\r\n--XyZ\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nno\r\n";

        List<Part> parts = parse(body);

        assertEquals(1, parts.size());
        assertEquals("v", text(parts.get(0)));
    }

    @Test
    void acceptsBodyWithoutParts() throws IOException {
        assertEquals(List.of(), parse("--XyZ--"));
    }

    @Test
    void refusesMissingClosingDelimiter() {
        MultipartException e = assertThrows(MultipartException.class, () -> parse(part("x", "v")));

        assertEquals("malformed multipart body: expected the delimiter \"--XyZ\" after part \"x\", "
                + "reached the end of the body", e.getMessage());
    }

    @Test
    void deletesTempFilesWhenBodyIsMalformed() throws IOException {
        byte[] body = (part("spilled", "content") + part("unfinished", "more")).getBytes(UTF_8);

        assertThrows(MultipartException.class, () -> parse(body, new MultipartConfigElement("")));

        assertEquals(0, filesIn(tmp));
    }

    @Test
    void refusesBodyEndingRightAfterDelimiter() {
        MultipartException e = assertThrows(MultipartException.class, () -> parse(part("x", "v") + "--XyZ"));

        assertTrue(e.getMessage().contains("expected CRLF or \"--\""), e.getMessage());
    }

    @Test
    void refusesGarbage() {
        assertThrows(MultipartException.class, () -> parse("this is not multipart at all"));
        assertThrows(MultipartException.class, () -> parse(""));
        assertThrows(MultipartException.class, () -> parse("--XyZ\r\nno colon here\r\n\r\nv\r\n--XyZ--"));
        assertThrows(MultipartException.class, () -> parse("--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--"));
        assertThrows(MultipartException.class, () -> parse("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n--XyZ--"));
        assertThrows(MultipartException.class, () -> parse("--XyZ\r\nContent-Disposition: form-data; name=a"));
        assertThrows(MultipartException.class, () -> parse("--XyZgarbage\r\n"));
    }

    @Test
    void refusesBadContentType() {
        byte[] body = "--XyZ--".getBytes(UTF_8);
        for (String contentType : new String[] {null, "text/plain; boundary=XyZ", "multipart/form-data",
                "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
                "multipart/mixed; boundary=XyZ", "multipart/form-data; boundary=" + "b".repeat(71)}) {
            MultipartException e = assertThrows(MultipartException.class, () -> MultipartParser.parse(
                    SplitInputStream.whole(body), contentType, UTF_8, UNLIMITED, tmp), String.valueOf(contentType));
            assertTrue(e.getMessage().contains("multipart"), e.getMessage());
        }
    }

    @Test
    void acceptsMaxPartsAndRefusesOneMore() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < MultipartParser.MAX_PARTS; i++) {
            body.append(part("p" + i, Integer.toString(i)));
        }
        assertEquals(MultipartParser.MAX_PARTS, parse(body + "--XyZ--").size());

        MultipartException e = assertThrows(MultipartException.class, () -> parse(body + part("one", "more") + "--XyZ--"));

        assertEquals("too many parts: more than 10000", e.getMessage());
    }

    @Test
    void refusesOversizedHeaderSection() throws IOException {
        String prefix = "Content-Disposition: form-data; name=\"a\"\r\nX: ";
        String fits = prefix + "v".repeat(MultipartParser.MAX_HEADER_SECTION - prefix.length() - 4) + "\r\n\r\n";
        assertEquals(MultipartParser.MAX_HEADER_SECTION, fits.length());
        assertEquals(1, parse("--XyZ\r\n" + fits + "v\r\n--XyZ--").size());

        String tooBig = prefix + "v".repeat(MultipartParser.MAX_HEADER_SECTION - prefix.length() - 3) + "\r\n\r\n";
        MultipartException e = assertThrows(MultipartException.class, () -> parse("--XyZ\r\n" + tooBig + "v\r\n--XyZ--"));

        assertEquals("part header section too large: part 1 has more than 16384 bytes of headers", e.getMessage());
    }

    @Test
    void fieldValuesUseThePartCharsetOrTheFallback() throws IOException {
        byte[] latin = "--XyZ\r\nContent-Disposition: form-data; name=\"l\"\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\né\r\n"
                .getBytes(ISO_8859_1);
        byte[] rest = (part("u", "é") + part("u", "two")
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\nbytes\r\n--XyZ--")
                .getBytes(UTF_8);
        byte[] body = new byte[latin.length + rest.length];
        System.arraycopy(latin, 0, body, 0, latin.length);
        System.arraycopy(rest, 0, body, latin.length, rest.length);
        List<Part> parts = parse(body, UNLIMITED);

        assertEquals("é", MultipartParser.fieldValue(parts.get(0), UTF_8));
        assertEquals("é", MultipartParser.fieldValue(parts.get(1), UTF_8));
        assertEquals("Ã©", MultipartParser.fieldValue(parts.get(1), Charset.forName("ISO-8859-1")));
        assertEquals(Map.of("l", List.of("é"), "u", List.of("é", "two")), MultipartParser.formFields(parts, UTF_8));
    }

    private interface IoRunnable {
        void run() throws IOException;
    }

    private static void assertDoesNotThrowIo(IoRunnable check) {
        try {
            check.run();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
