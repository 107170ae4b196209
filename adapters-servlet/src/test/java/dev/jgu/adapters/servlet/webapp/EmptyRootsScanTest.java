package dev.jgu.adapters.servlet.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A web app of static files only (no WEB-INF/classes, no jars) has nothing to scan, and that is no error. */
class EmptyRootsScanTest {

    @Test
    void noRootsScansNothing() {
        try (HandlesTypesScan scan = HandlesTypesScan.of(List.of(), getClass().getClassLoader(), new dev.jgu.testing.RecordingLog())) {
            assertEquals(0, scan.scanResult().getAllClasses().size());
            assertEquals(0, scan.find(new Class<?>[] {jakarta.servlet.Servlet.class}).size());
        }
    }
}
