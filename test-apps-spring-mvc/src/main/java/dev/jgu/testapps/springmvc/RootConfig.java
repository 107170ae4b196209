package dev.jgu.testapps.springmvc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The root context, started by the {@code ContextLoaderListener} that {@link WebInit} adds: its
 * scheduler only stops when the container calls that listener's {@code contextDestroyed}.
 */
@Configuration
public class RootConfig {

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService scheduler() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deferred-results");
            t.setDaemon(true);
            return t;
        });
    }
}
