package dev.jgu.testing;

import dev.jgu.spi.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log that keeps its lines for assertions, each as {@code LEVEL message}; safe to use from several threads. */
public final class RecordingLog implements Log {

    /** Every line, in order, as {@code LEVEL message}. */
    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void debug(String message) {
        lines.add("DEBUG " + message);
    }

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void error(String message) {
        lines.add("ERROR " + message);
    }

    @Override
    public void error(String message, Throwable cause) {
        lines.add("ERROR " + message + " cause=" + cause);
    }

    @Override
    public boolean debugEnabled() {
        return true;
    }

    /** @return whether a line holds {@code part} */
    public boolean contains(String part) {
        return lines.stream().anyMatch(l -> l.contains(part));
    }

    /** @return the lines that hold {@code part} */
    public List<String> matching(String part) {
        return lines.stream().filter(l -> l.contains(part)).toList();
    }

    /** @return the warning and error lines, without their level */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("WARN ")) {
                problems.add(line.substring(5));
            } else if (line.startsWith("ERROR ")) {
                problems.add(line.substring(6));
            }
        }
        return problems;
    }
}
