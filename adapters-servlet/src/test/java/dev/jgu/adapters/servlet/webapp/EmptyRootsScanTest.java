package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A web app of static files only (no WEB-INF/classes, no jars) has nothing to scan, and that is no error. */
class EmptyRootsScanTest {

    @Test
    void noRootsScansNothing() {
        try (HandlesTypesScan scan = HandlesTypesScan.of(List.of(), getClass().getClassLoader(), new dev.jgu.spi.Log() {
            @Override
            public void debug(String message) {
            }

            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void error(String message) {
            }

            @Override
            public void error(String message, Throwable cause) {
            }

            @Override
            public boolean debugEnabled() {
                return false;
            }
        })) {
            assertEquals(0, scan.scanResult().getAllClasses().size());
            assertEquals(0, scan.find(new Class<?>[] {jakarta.servlet.Servlet.class}).size());
        }
    }
}
