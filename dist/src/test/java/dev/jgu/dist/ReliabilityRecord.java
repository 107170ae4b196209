package dev.jgu.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one reliability scenario, as {@code scripts/reliability} puts them in
 * {@code RELIABILITY.md}. A scenario test fills one in as it runs (counts, latencies, RSS,
 * the bounds it checked and whether each held) and {@link #write()}s it at the end, pass or
 * fail, as a Markdown fragment named after its id in {@link #dir()}. The script sorts the
 * fragments by name and joins them under a header; each fragment's first line is its row
 * in the summary table.
 *
 * <p>Scenarios run in two sizes: {@link #full()} (set by the script) gives the sizes the
 * issue names, the default is the fast subset {@code ./test} runs. A record says which.
 */
final class ReliabilityRecord {

    /** The system property that points the fragments elsewhere than {@code dist/target/reliability}. */
    static final String DIR_PROPERTY = "jgu.reliability.dir";
    /** The system property {@code scripts/reliability} sets to run every scenario at full size. */
    static final String FULL_PROPERTY = "jgu.reliability.full";

    private final String id;
    private final String group;
    private final String title;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<String> bounds = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean failed;

    /**
     * @param id a file-name-safe id that sorts the scenario into place, e.g. {@code 1-faults-kill9-gthread}
     * @param group the section it belongs to, e.g. {@code Faults under steady load}
     * @param title one line saying what was done, e.g. {@code 20 kill -9 of workers under load (gthread)}
     */
    ReliabilityRecord(String id, String group, String title) {
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("reliability record id must be file-name safe: " + id);
        }
        this.id = id;
        this.group = group;
        this.title = title;
    }

    /** @return whether the script asked for the full-size suite */
    static boolean full() {
        return Boolean.getBoolean(FULL_PROPERTY);
    }

    /** @return {@code fullSize} under the script, {@code fastSize} in {@code ./test} */
    static int size(int fastSize, int fullSize) {
        return full() ? fullSize : fastSize;
    }

    static Path dir() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String root = System.getProperty("jgu.root");
        return root == null ? Path.of("target", "reliability") : Path.of(root, "dist", "target", "reliability");
    }

    /** Adds a figure (a count, a latency with its unit, an RSS): shown in the order added. */
    ReliabilityRecord figure(String name, Object value) {
        figures.put(name, String.valueOf(value));
        return this;
    }

    /**
     * Records a bound the scenario checked, and whether it held; the test still asserts it.
     *
     * @param bound what must hold, with its figure, e.g. {@code p99 2.1 ms <= 50 ms}
     * @return {@code held}, so a test can write {@code assertTrue(record.bound(..., x <= y))}
     */
    boolean bound(String bound, boolean held) {
        bounds.add((held ? "met: " : "NOT MET: ") + bound);
        if (!held) {
            failed = true;
        }
        return held;
    }

    /** Adds a line of explanation (which failure was allowed and why, what was not measured). */
    ReliabilityRecord note(String line) {
        notes.add(line);
        return this;
    }

    /** Marks the scenario failed (an exception or an assertion outside the bounds). */
    ReliabilityRecord failed(String why) {
        failed = true;
        notes.add("failed: " + why);
        return this;
    }

    /** Writes the fragment; called in a {@code finally} so a failed run is reported too. */
    void write() {
        StringBuilder md = new StringBuilder();
        String headline = figures.isEmpty() ? "" : figures.entrySet().iterator().next().getKey() + " "
                + figures.entrySet().iterator().next().getValue();
        md.append("<!-- summary: ").append(clean(group)).append(" | ").append(clean(title)).append(" | ")
                .append(failed ? "FAILED" : "passed").append(" | ").append(clean(headline)).append(" -->\n");
        md.append("### ").append(title).append("\n\n");
        md.append("Result: **").append(failed ? "FAILED" : "passed").append("** (")
                .append(full() ? "full size" : "fast subset, as in ./test").append(")\n\n");
        if (!figures.isEmpty()) {
            md.append("| figure | value |\n|---|---|\n");
            figures.forEach((k, v) -> md.append("| ").append(clean(k)).append(" | ").append(clean(v)).append(" |\n"));
            md.append('\n');
        }
        for (String b : bounds) {
            md.append("- ").append(b).append('\n');
        }
        for (String n : notes) {
            md.append("- ").append(n).append('\n');
        }
        md.append('\n');
        try {
            Files.createDirectories(dir());
            Files.writeString(dir().resolve(id + ".md"), md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reliability record " + id + " in " + dir(), e);
        }
    }

    private static String clean(String s) {
        return s.replace("|", "/").replace("\n", " ").replace("-->", "->");
    }
}
