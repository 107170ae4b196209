package dev.jgu.arbiter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/jgu restores the default disposition of every signal the arbiter handles (nohup, a script's {@code cmd &}). */
class LauncherSignalsTest {

    private static final Path LAUNCHER = Path.of("../dist/src/bin/jgu");

    @Test
    void launcherResetsEverySignalOfTheCommandTable() throws IOException {
        Matcher m = Pattern.compile("(?m)^signals=([A-Z0-9,]+)$").matcher(Files.readString(LAUNCHER));
        assertTrue(m.find(), "a signals=... line in " + LAUNCHER);
        List<String> reset = Arrays.asList(m.group(1).split(","));
        for (Command command : Command.all()) {
            assertTrue(reset.contains(command.signal), LAUNCHER + " does not reset SIG" + command.signal
                    + " (" + command.help + "): add it to its signals= line, which has " + reset);
        }
    }
}
