package dev.jgu.testapps;

import dev.jgu.spi.App;
import dev.jgu.spi.Request;
import dev.jgu.spi.Response;

/**
 * An app that takes a while to start, like one that warms caches or opens a pool:
 * its constructor sleeps {@code SLOW_BOOT_MS} milliseconds (default 1500). It then
 * answers like {@link Probe}. Used to prove that a reload keeps old workers serving
 * until the new ones are ready.
 */
public final class SlowBoot implements App {

    private final App probe = new Probe();

    public SlowBoot() throws InterruptedException {
        String ms = System.getenv().getOrDefault("SLOW_BOOT_MS", "1500");
        Thread.sleep(Long.parseLong(ms));
    }

    @Override
    public Response handle(Request request) throws Exception {
        return probe.handle(request);
    }
}
