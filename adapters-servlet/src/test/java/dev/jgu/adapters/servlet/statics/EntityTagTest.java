package dev.jgu.adapters.servlet.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntityTagTest {

    private static final String TAG = "\"10-18bcfe56800\"";

    @Test
    void formatsLengthAndModificationInHex() {
        assertEquals(TAG, EntityTag.of(16, 1_700_000_000_000L));
    }

    @Test
    void weakComparisonIgnoresWeakness() {
        assertTrue(EntityTag.listMatches(TAG, TAG, true));
        assertTrue(EntityTag.listMatches("W/" + TAG, TAG, true));
        assertTrue(EntityTag.listMatches("\"a,b\" , " + TAG, TAG, true));
        assertTrue(EntityTag.listMatches("*", TAG, true));
        assertFalse(EntityTag.listMatches("\"10-18bcfe5680\"", TAG, true));
        assertFalse(EntityTag.listMatches("\"10-18bcfe568000\"", TAG, true));
        assertFalse(EntityTag.listMatches("unquoted, \"x\"", TAG, true));
        assertFalse(EntityTag.listMatches("\"unterminated", TAG, true));
    }

    @Test
    void strongComparisonRefusesWeakTags() {
        assertTrue(EntityTag.listMatches("\"x\", " + TAG, TAG, false));
        assertFalse(EntityTag.listMatches("W/" + TAG, TAG, false));
    }
}
