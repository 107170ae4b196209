package dev.jgu.adapters.servlet.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HttpDateTest {

    private static final long NOV_6_1994 = 784_111_777_000L;

    @Test
    void writesImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(NOV_6_1994 + 999));
    }

    @Test
    void readsAllThreeFormats() {
        assertEquals(NOV_6_1994, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(NOV_6_1994, HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(NOV_6_1994, HttpDate.parse("Sun Nov  6 08:49:37 1994"));
    }

    @Test
    void refusesWhatIsNoDate() {
        assertEquals(-1, HttpDate.parse(null));
        assertEquals(-1, HttpDate.parse("yesterday"));
        assertEquals(-1, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 PST"));
        assertEquals(-1, HttpDate.parse("Mon, 06 Nov 1994 08:49:37 GMT"));
    }
}
