package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The Prometheus endpoint the arbiter serves. */
public final class MetricsSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<String> METRICS_BIND = setting("metrics_bind", ValueType.string(NetworkAddress::metrics))
            .flags("--metrics-bind").label("ADDRESS")
            .example("\"127.0.0.1:9180\"")
            .help("Serve Prometheus metrics on HOST:PORT, [IPV6]:PORT or unix:PATH (GET /metrics).")
            .doc("""
                    Off when unset. The arbiter serves it on a thread of its own, from the scoreboard \
                    the workers write, so a scrape never waits for a busy worker or for the arbiter's \
                    loop. Prometheus text format 0.0.4, or OpenMetrics 1.0 when the scraper's Accept \
                    header asks for it. Port 0 takes any free port; the log line `metrics endpoint: \
                    address=...` names the one bound. The README lists every metric. Bound at start, \
                    so a change takes a restart; anyone who can connect can read the figures, so keep \
                    it on loopback, a private network or a UNIX socket.""")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private MetricsSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.METRICS, name, type, DECLARED::add);
    }
}
