package dev.jgu.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scans must agree with the plain tables for every byte at every position. */
class ByteClassTest {

    @Test
    void wordScansAgreeWithTheTablesForEveryByteAndPosition() {
        for (int len = 0; len <= 19; len++) {
            for (int pos = 0; pos < len; pos++) {
                for (int b = 0; b < 256; b++) {
                    byte[] a = new byte[len + 2];
                    Arrays.fill(a, (byte) 'a');
                    a[1 + pos] = (byte) b;
                    String at = "len=" + len + " pos=" + pos + " byte=" + b;
                    assertEquals(ByteClass.FIELD_VALUE[b], ByteClass.validValue(a, 1, 1 + len), at);
                    assertEquals(ByteClass.TARGET[b], ByteClass.validTarget(a, 1, 1 + len), at);
                    assertEquals(b < 0x80, ByteClass.ascii(a, 1, 1 + len), at);
                    assertEquals(b == '\n' ? 1 + pos : 1 + len, ByteClass.indexOfLf(a, 1, 1 + len), at);
                }
            }
        }
    }

    @Test
    void findsTheFirstOfSeveralLineFeeds() {
        byte[] a = Parsing.bytes("0123456789\n123\n5678\n");
        assertEquals(10, ByteClass.indexOfLf(a, 0, a.length));
        assertEquals(14, ByteClass.indexOfLf(a, 11, a.length));
        assertEquals(9, ByteClass.indexOfLf(a, 0, 9));
    }
}
