package dev.jgu.adapters.servlet.session;

import dev.jgu.spi.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Log} that keeps warn and error lines for assertions. */
final class RecordingLog implements Log {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void debug(String message) {
    }

    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
        lines.add(message);
    }

    @Override
    public void error(String message) {
        lines.add(message);
    }

    @Override
    public void error(String message, Throwable cause) {
        lines.add(message + " " + cause);
    }

    @Override
    public boolean debugEnabled() {
        return false;
    }
}
