package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's signal table is generated from the Command table; run with -Djgu.regenerate=true to rewrite it. */
class SignalTableTest {

    private static final Path README = Path.of("../README.md");

    @Test
    void readmeSignalTableIsCurrent() throws IOException {
        if (Boolean.getBoolean("jgu.regenerate")) {
            SignalTable.write(README);
        }
        String readme = Files.readString(README);
        assertEquals(SignalTable.apply(readme), readme, "README.md's signal table is stale; regenerate it with\n  "
                + SignalTable.REGENERATE);
    }

    @Test
    void everyCommandHasARowWithItsSignal() {
        String table = SignalTable.markdown();
        for (Command command : Command.all()) {
            String verb = command.verb == null ? "" : command.verb;
            assertTrue(table.contains("\n| `" + command.signal + "` | " + verb + " | " + command.doc + " |\n"), command.name());
        }
    }
}
