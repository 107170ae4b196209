package dev.jgu.adapters.servlet.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void parsesTheThreeForms() {
        assertEquals(new ByteRange(0, 9), ByteRange.parse("bytes=0-9", 100));
        assertEquals(new ByteRange(90, 99), ByteRange.parse("bytes=90-", 100));
        assertEquals(new ByteRange(80, 99), ByteRange.parse("bytes=-20", 100));
        assertEquals(new ByteRange(5, 99), ByteRange.parse(" bytes=5-1000 ", 100));
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=-1000", 100));
        assertEquals(new ByteRange(7, 7), ByteRange.parse("bytes=7-7,", 100));
    }

    @Test
    void unsatisfiableRanges() {
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=100-", 100));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 100));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-0", 0));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-5", 0));
    }

    @Test
    void ignoresWhatItDoesNotServe() {
        for (String header : new String[] {"bytes=0-1,5-6", "bytes=3-2", "bytes=a-", "bytes=--1", "lines=1-2",
            "bytes=", "bytes=5", "bytes=99999999999999999999-"}) {
            assertNull(ByteRange.parse(header, 100), header);
        }
    }

    @Test
    void describesItselfForContentRange() {
        assertEquals("bytes 80-99/100", new ByteRange(80, 99).contentRange(100));
        assertEquals(20, new ByteRange(80, 99).length());
    }
}
