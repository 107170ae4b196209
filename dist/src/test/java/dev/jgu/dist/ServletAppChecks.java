package dev.jgu.dist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One framework app in two workers of one class, shared by every check of a subclass: started
 * before the first check, waited for until both workers are ready, killed by pid after the last
 * (which usually stops it gracefully first).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServletAppChecks {

    Path dir;
    JguProcess jgu;
    String address;
    Set<Long> workers;

    /** @return the {@code -k} name under test */
    abstract String workerClass();

    /** @return the arguments that name the app, after jgu's options: the APP argument last */
    abstract List<String> app();

    /** @return more {@code -b} addresses (they follow the TCP listener) */
    List<String> moreBinds() {
        return List.of();
    }

    /** @return more options for jgu, before the app */
    List<String> moreOptions() {
        return List.of();
    }

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        dir = tmp;
        List<String> args = new ArrayList<>(List.of("-k", workerClass(), "-w", "2", "-b", "127.0.0.1:0"));
        for (String bind : moreBinds()) {
            args.addAll(List.of("-b", bind));
        }
        args.addAll(List.of("--timeout", ServletApps.BOOT_TIMEOUT, "--graceful-timeout", "10"));
        args.addAll(moreOptions());
        args.addAll(app());
        jgu = ServletApps.start(dir.resolve("jgu"), args, Map.of());
        address = ServletApps.awaitListeners(jgu, 1 + moreBinds().size());
        workers = ServletApps.awaitWorkers(jgu, 2);
    }

    @AfterAll
    void stop() {
        if (jgu != null) {
            jgu.close();
        }
    }
}
