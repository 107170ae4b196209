package dev.jgu.adapters.servlet.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Test
    void makesDistinctUrlSafeIdsOfFixedLength() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = SessionIds.next();
            assertEquals(SessionIds.LENGTH, id.length());
            assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
            assertTrue(SessionIds.isWellFormed(id), id);
            assertTrue(seen.add(id), "repeated " + id);
        }
    }

    @Test
    void refusesIdsItCouldNotHaveMade() {
        String good = SessionIds.next();
        assertFalse(SessionIds.isWellFormed(null));
        assertFalse(SessionIds.isWellFormed(""));
        assertFalse(SessionIds.isWellFormed("../x"));
        assertFalse(SessionIds.isWellFormed(good + "A"));
        assertFalse(SessionIds.isWellFormed(good.substring(1)));
        assertFalse(SessionIds.isWellFormed("../" + good.substring(3)));
        assertFalse(SessionIds.isWellFormed(good.substring(1) + "/"));
        assertFalse(SessionIds.isWellFormed(good.substring(1) + "."));
        assertFalse(SessionIds.isWellFormed(good.substring(1) + "="));
        assertFalse(SessionIds.isWellFormed(good.substring(1) + "é"));
    }
}
