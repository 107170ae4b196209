package dev.jgu.http;

import dev.jgu.spi.Log;
import java.util.ArrayList;
import java.util.List;

/** A log that keeps its lines for assertions. */
final class RecordingLog implements Log {

    final List<String> lines = new ArrayList<>();

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

    boolean contains(String part) {
        return lines.stream().anyMatch(l -> l.contains(part));
    }
}
