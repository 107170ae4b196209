package dev.jgu.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoreboardTest {

    @TempDir
    Path dir;

    @Test
    void countsResponsesByMethodAndStatusClass() throws IOException {
        try (Scoreboard board = Scoreboard.create(dir.resolve("sb"), 4)) {
            board.countResponse(2, "GET", 200, 1_000_000);
            board.countResponse(2, "GET", 204, 1_000_000);
            board.countResponse(2, "POST", 503, 1_000_000);
            board.countResponse(2, "BREW", 418, 1_000_000);
            board.countResponse(2, null, 400, 0);
            board.countResponse(2, "GET", 0, 0);
            assertEquals(2, board.responses(2, 0, 1));
            assertEquals(1, board.responses(2, 2, 4));
            assertEquals(2, board.responses(2, 7, 3));
            assertEquals(0, board.responses(1, 0, 1), "another slot is untouched");
        }
    }

    @Test
    void durationsFallInTheFirstBucketTheyFitAndSumInNanoseconds() throws IOException {
        try (Scoreboard board = Scoreboard.create(dir.resolve("sb"), 1)) {
            board.countResponse(0, "GET", 200, 5_000_000);      // exactly 0.005 s: le="0.005"
            board.countResponse(0, "GET", 200, 5_000_001);      // just over: le="0.01"
            board.countResponse(0, "GET", 200, 60_000_000_000L); // a minute: +Inf
            assertEquals(1, board.durations(0, 0));
            assertEquals(1, board.durations(0, 1));
            assertEquals(1, board.durations(0, Scoreboard.DURATION_BOUNDS.size()));
            assertEquals(60_010_000_001L, board.durationSum(0));
        }
    }

    @Test
    void aClaimKeepsTheSlotsCountersSoTheyNeverGoDown() throws IOException {
        try (Scoreboard board = Scoreboard.create(dir.resolve("sb"), 1)) {
            board.claim(0, 100, 1, 0);
            board.countResponse(0, "GET", 200, 1);
            board.stop(0, Scoreboard.Stop.MAX_REQUESTS);
            board.release(0);
            board.claim(0, 101, 2, 0);
            assertEquals(1, board.responses(0, 0, 1));
            assertEquals(Scoreboard.Stop.NONE, board.stop(0), "the stop cause is the worker's, cleared at claim");
        }
    }

    @Test
    void aWorkerSeesWhatAnotherMappingWrote() throws IOException {
        Path file = dir.resolve("sb");
        try (Scoreboard arbiter = Scoreboard.create(file, 3); Scoreboard worker = Scoreboard.open(file)) {
            assertEquals(3, worker.slots());
            worker.threads(1, 8);
            worker.countResponse(1, "DELETE", 302, 1);
            assertEquals(8, arbiter.threads(1));
            assertEquals(1, arbiter.responses(1, 4, 2));
        }
    }
}
