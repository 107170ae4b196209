package dev.jgu.dist;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The access log is the fault scenarios' witness of what a worker handled, and the scenarios of
 * one worker class share one arbiter and one access log: an attempt of one load must never be
 * taken for the same-numbered attempt of another. (Once they were: each load numbered its
 * requests from 0, so a later scenario's lost attempt found an earlier scenario's line and
 * counted as an answer lost by a retiring worker.)
 */
class AccountedLoadTest {

    /** A load with no clients: nothing is sent, only its targets and its reading of a log are used. */
    private static AccountedLoad idle() {
        return new AccountedLoad("127.0.0.1:1", "/", 0);
    }

    private static String line(String target) {
        return "127.0.0.1 - - [02/Dec/2026:19:54:01 +0000] \"GET " + target + " HTTP/1.1\" 200 6 \"-\" \"-\"\n";
    }

    @Test
    void anotherLoadsLineInTheSameLogIsNotThisLoadsAttempt() throws InterruptedException {
        try (AccountedLoad earlier = idle(); AccountedLoad later = idle()) {
            String earlierAttempt = earlier.attemptTarget(0, 11, 0);
            String laterAttempt = later.attemptTarget(0, 11, 0);
            assertNotEquals(earlierAttempt, laterAttempt);
            String log = line(earlierAttempt) + line(earlier.attemptTarget(1, 11, 0));
            assertEquals(Set.of(), later.handledIn(log));
            assertEquals(Set.of(earlierAttempt, earlier.attemptTarget(1, 11, 0)), earlier.handledIn(log));
            assertEquals(Set.of(laterAttempt), later.handledIn(log + line(laterAttempt)));
        }
    }

    @Test
    void aLoadsNumberIsNotThePrefixOfAnothers() throws InterruptedException {
        List<AccountedLoad> loads = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            loads.add(idle());
        }
        StringBuilder log = new StringBuilder();
        for (AccountedLoad load : loads) {
            log.append(line(load.attemptTarget(2, 7, 1)));
        }
        for (AccountedLoad load : loads) {
            assertEquals(Set.of(load.attemptTarget(2, 7, 1)), load.handledIn(log.toString()));
            load.close();
        }
    }
}
