package dev.jgu.adapters.servlet.session;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The bytes of one session file, version 1. All numbers are big-endian
 * ({@link DataOutputStream}); strings are an {@code int} byte count followed by UTF-8.
 *
 * <pre>
 *   int     magic 0x4A475553 ("JGUS")
 *   byte    version, 1
 *   string  id
 *   long    creation time, ms since the epoch
 *   long    last accessed time, ms since the epoch
 *   int     max inactive interval, seconds (&lt;= 0: never expires)
 *   int     attribute count
 *   count x { string name; int length; byte[length] Java-serialized value }
 *   int     CRC-32 of every byte before it
 * </pre>
 *
 * A reader that meets another version treats the file as unreadable; a new version therefore
 * needs all workers of a host upgraded together (a reload does that).
 */
final class SessionFile {

    static final int MAGIC = 0x4A475553;
    static final byte VERSION = 1;

    /** A file that is not a version 1 session file: truncated, damaged or foreign. */
    static final class Corrupt extends Exception {
        private static final long serialVersionUID = 1L;

        Corrupt(String reason) {
            super(reason);
        }
    }

    private SessionFile() {
    }

    static byte[] encode(SessionRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            writeString(out, record.id());
            out.writeLong(record.creationTime());
            out.writeLong(record.lastAccessedTime());
            out.writeInt(record.maxInactiveInterval());
            out.writeInt(record.attributes().size());
            for (Map.Entry<String, byte[]> attribute : record.attributes().entrySet()) {
                writeString(out, attribute.getKey());
                out.writeInt(attribute.getValue().length);
                out.write(attribute.getValue());
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
        }
        return bytes.toByteArray();
    }

    static SessionRecord decode(byte[] bytes) throws Corrupt {
        if (bytes.length < 4 + 1 + 4) {
            throw new Corrupt("truncated (" + bytes.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt(bytes.length - 4) != (int) crc.getValue()) {
            throw new Corrupt("checksum mismatch");
        }
        in.limit(bytes.length - 4);
        try {
            if (in.getInt() != MAGIC) {
                throw new Corrupt("not a session file");
            }
            byte version = in.get();
            if (version != VERSION) {
                throw new Corrupt("version " + version + ", this reader knows " + VERSION);
            }
            String id = readString(in);
            long created = in.getLong();
            long accessed = in.getLong();
            int maxInactive = in.getInt();
            int count = in.getInt();
            Map<String, byte[]> attributes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                byte[] value = new byte[length(in)];
                in.get(value);
                attributes.put(name, value);
            }
            if (in.hasRemaining()) {
                throw new Corrupt(in.remaining() + " bytes after the last attribute");
            }
            return new SessionRecord(id, created, accessed, maxInactive, attributes);
        } catch (BufferUnderflowException e) {
            throw new Corrupt("truncated");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer in) throws Corrupt {
        byte[] utf8 = new byte[length(in)];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Reads a length and checks it against what is left, so a damaged count cannot exhaust memory. */
    private static int length(ByteBuffer in) throws Corrupt {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new Corrupt("length " + length + " with " + in.remaining() + " bytes left");
        }
        return length;
    }
}
