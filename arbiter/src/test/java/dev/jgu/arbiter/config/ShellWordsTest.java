package dev.jgu.arbiter.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShellWordsTest {

    @Test
    void splitsAtBlanks() {
        assertEquals(List.of("-w", "3", "--bind", "0.0.0.0:80"), ShellWords.split("  -w 3\t--bind   0.0.0.0:80 "));
        assertEquals(List.of(), ShellWords.split("   "));
    }

    @Test
    void quotesKeepBlanksAndJoinWithNeighbours() {
        assertEquals(List.of("-e", "GREETING=hello world"), ShellWords.split("-e 'GREETING=hello world'"));
        assertEquals(List.of("-e", "A=\"x\" $HOME"), ShellWords.split("-e \"A=\\\"x\\\" \\$HOME\""));
        assertEquals(List.of("--name=my app"), ShellWords.split("--name=my' 'app"));
        assertEquals(List.of(""), ShellWords.split("''"));
        assertEquals(List.of("a\\b"), ShellWords.split("\"a\\b\""));
    }

    @Test
    void backslashEscapesOutsideQuotes() {
        assertEquals(List.of("a b", "c"), ShellWords.split("a\\ b c"));
    }

    @Test
    void refusesUnterminatedQuotes() {
        assertEquals("unterminated ' quote", assertThrows(IllegalArgumentException.class, () -> ShellWords.split("-e 'x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("-e \"x"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("x\\"));
    }
}
