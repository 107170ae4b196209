package dev.jgu.arbiter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * README's signal table (signal, the {@code jgu ctl} verb that does the same, what the arbiter
 * does), generated from {@link Command} between two marker lines, so the
 * table and what the arbiter does cannot drift apart ({@code SignalTableTest} fails when the
 * README is stale).
 */
final class SignalTable {

    static final String BEGIN = "<!-- signals: generated from arbiter/src/main/java/dev/jgu/arbiter/Command.java -->";
    static final String END = "<!-- signals: end -->";
    static final String REGENERATE = "mvn -B -ntp -pl arbiter -am test -Dtest=SignalTableTest -Dsurefire.failIfNoSpecifiedTests=false -Djgu.regenerate=true";
    /** Signals jgu leaves to the JVM: documented so nobody expects jgu to handle them. */
    private static final String JVM_OWN = "| `QUIT` | | the JVM's own thread dump (HotSpot reserves it) |\n";

    private SignalTable() {
    }

    static String markdown() {
        StringBuilder table = new StringBuilder("| signal | [`jgu ctl`](#jgu-ctl) | arbiter does |\n| --- | --- | --- |\n");
        for (Command command : Command.all()) {
            table.append("| `").append(command.signal).append("` | ").append(command.verb == null ? "" : command.verb).append(" | ")
                    .append(command.doc).append(" |\n");
        }
        return table.append(JVM_OWN).toString();
    }

    /** @return {@code readme} with the text between the markers replaced by the generated table */
    static String apply(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("README.md lacks the marker lines " + BEGIN + " and " + END);
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + markdown() + readme.substring(end);
    }

    static void write(Path readme) throws IOException {
        Files.writeString(readme, apply(Files.readString(readme)));
    }
}
