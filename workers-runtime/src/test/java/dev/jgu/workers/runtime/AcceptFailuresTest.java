package dev.jgu.workers.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AcceptFailuresTest {

    private static final long MS = 1_000_000L;

    @Test
    void firstFailureIsLoggedAtOnce() {
        assertEquals(0, new AcceptFailures().failed(123 * MS));
    }

    @Test
    void failuresWithinASecondAreCountedIntoTheNextLine() {
        AcceptFailures failures = new AcceptFailures();
        long start = -5_000 * MS;
        assertEquals(0, failures.failed(start));
        for (int i = 1; i < 10; i++) {
            assertEquals(-1, failures.failed(start + i * 100 * MS), "failure at " + i * 100 + " ms");
        }
        assertEquals(9, failures.failed(start + 1000 * MS));
        assertEquals(-1, failures.failed(start + 1500 * MS));
        assertEquals(1, failures.failed(start + 2100 * MS));
    }

    @Test
    void aFailureAfterAQuietSpellIsLoggedWithNothingMore() {
        AcceptFailures failures = new AcceptFailures();
        assertEquals(0, failures.failed(0));
        assertEquals(0, failures.failed(60_000 * MS));
    }
}
