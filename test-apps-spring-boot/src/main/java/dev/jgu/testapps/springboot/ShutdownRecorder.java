package dev.jgu.testapps.springboot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Evidence of a graceful stop: the Spring context closes only when the container calls
 * {@code contextDestroyed} on Boot's listener, so a line in {@code JGU_TEST_SHUTDOWN_FILE} proves
 * that SIGTERM got that far. Appends, so one file can collect every worker's line.
 */
@Component
public class ShutdownRecorder implements DisposableBean {

    static final String FILE_ENV = "JGU_TEST_SHUTDOWN_FILE";
    static final String LINE = "spring context closed\n";

    @Override
    public void destroy() throws IOException {
        String file = System.getenv(FILE_ENV);
        if (file == null || file.isEmpty()) {
            return;
        }
        Files.writeString(Path.of(file), LINE, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
