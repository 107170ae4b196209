package dev.jgu.arbiter;

import dev.jgu.protocol.Scoreboard;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One scrape's metrics, read from the scoreboard (lock-free, as the workers write it),
 * the loop's {@link PoolCounters}, the kernel's listen queues and {@code /proc/self}.
 * Runs on the metrics thread, never on the loop; README "Metrics" documents each family.
 */
final class MetricFamilies {

    private static final String[] STATUS = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final double NANOS = 1e9;

    /** A listening socket as the metrics name it, with the fd whose inode finds it in /proc/net/tcp. */
    record Listener(String address, int fd) {
    }

    private final Scoreboard board;
    private final PoolCounters counters;
    private final List<Listener> listeners;
    private final ListenQueues queues;
    private final ProcessStats process;
    private final double startSeconds;

    MetricFamilies(Scoreboard board, PoolCounters counters, List<Listener> listeners, ListenQueues queues, ProcessStats process,
            double startSeconds) {
        this.board = board;
        this.counters = counters;
        this.listeners = List.copyOf(listeners);
        this.queues = queues;
        this.process = process;
        this.startSeconds = startSeconds;
    }

    MetricSnapshots collect() {
        int used = Math.min(counters.slotsUsed(), board.slots());
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        all.metricSnapshot(requests(used));
        all.metricSnapshot(durations(used));
        workers(used, all);
        all.metricSnapshot(exits());
        all.metricSnapshot(reloads());
        listenQueues(all);
        processFigures(all);
        return all.build();
    }

    private CounterSnapshot requests(int used) {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name("jgu_requests")
                .help("Responses sent, by request method and status class (requests that could not be parsed count as method other)");
        for (int m = 0; m < Scoreboard.METHODS.size(); m++) {
            for (int c = 0; c < Scoreboard.STATUS_CLASSES; c++) {
                long n = 0;
                for (int slot = 0; slot < used; slot++) {
                    n += board.responses(slot, m, c);
                }
                family.dataPoint(CounterDataPointSnapshot.builder().value(n)
                        .labels(Labels.of("method", Scoreboard.METHODS.get(m), "status", STATUS[c])).build());
            }
        }
        return family.build();
    }

    private HistogramSnapshot durations(int used) {
        int buckets = Scoreboard.DURATION_BOUNDS.size() + 1;
        double[] bounds = new double[buckets];
        long[] counts = new long[buckets];
        long sumNanos = 0;
        for (int b = 0; b < buckets; b++) {
            bounds[b] = b < buckets - 1 ? Scoreboard.DURATION_BOUNDS.get(b) : Double.POSITIVE_INFINITY;
        }
        for (int slot = 0; slot < used; slot++) {
            for (int b = 0; b < buckets; b++) {
                counts[b] += board.durations(slot, b);
            }
            sumNanos += board.durationSum(slot);
        }
        return HistogramSnapshot.builder().name("jgu_request_duration_seconds").unit(Unit.SECONDS)
                .help("Time from the start of a request to the end of its response")
                .dataPoint(HistogramDataPointSnapshot.builder().classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(sumNanos / NANOS).build())
                .build();
    }

    /** Workers by state, threads, requests in progress and connections: live slots only. */
    private void workers(int used, MetricSnapshots.Builder all) {
        long booting = 0;
        long idle = 0;
        long busy = 0;
        long draining = 0;
        long threadsBusy = 0;
        long threadsIdle = 0;
        long inProgress = 0;
        long connections = 0;
        for (int slot = 0; slot < used; slot++) {
            if (board.pid(slot) == 0) {
                continue;
            }
            int requests = Math.max(0, board.busy(slot));
            switch (board.state(slot)) {
                case BOOTING -> booting++;
                case READY -> {
                    if (requests > 0) {
                        busy++;
                    } else {
                        idle++;
                    }
                    int threads = board.threads(slot);
                    threadsBusy += Math.min(requests, threads);
                    threadsIdle += Math.max(0, threads - requests);
                }
                case DRAINING -> draining++;
                case FREE -> {
                    continue;
                }
            }
            inProgress += requests;
            connections += Math.max(0, board.connections(slot));
        }
        all.metricSnapshot(GaugeSnapshot.builder().name("jgu_workers")
                .help("Worker processes by state; a ready worker is busy while it serves at least one request")
                .dataPoint(gauge(booting, "state", "booting")).dataPoint(gauge(idle, "state", "idle"))
                .dataPoint(gauge(busy, "state", "busy")).dataPoint(gauge(draining, "state", "draining")).build());
        all.metricSnapshot(GaugeSnapshot.builder().name("jgu_workers_target").help("How many workers the arbiter keeps")
                .dataPoint(gauge(counters.target())).build());
        all.metricSnapshot(GaugeSnapshot.builder().name("jgu_worker_threads")
                .help("Request threads of ready sync and gthread workers, busy or idle (async workers have no fixed pool)")
                .dataPoint(gauge(threadsBusy, "state", "busy")).dataPoint(gauge(threadsIdle, "state", "idle")).build());
        all.metricSnapshot(GaugeSnapshot.builder().name("jgu_requests_in_progress")
                .help("Requests being served now, every worker class (for async: requests in flight)")
                .dataPoint(gauge(inProgress)).build());
        all.metricSnapshot(GaugeSnapshot.builder().name("jgu_connections").help("Client connections open in the workers")
                .dataPoint(gauge(connections)).build());
    }

    private CounterSnapshot exits() {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name("jgu_worker_exits")
                .help("Workers reaped, by cause: crash, boot_failure, timeout, max_requests, memory, reload, scale_down, shutdown, exit");
        for (ExitCause cause : ExitCause.values()) {
            family.dataPoint(CounterDataPointSnapshot.builder().value(counters.exits(cause)).labels(Labels.of("cause", cause.label())).build());
        }
        return family.build();
    }

    private CounterSnapshot reloads() {
        CounterSnapshot.Builder family = CounterSnapshot.builder().name("jgu_reloads").help("Reloads (HUP) by outcome");
        for (PoolCounters.ReloadOutcome outcome : PoolCounters.ReloadOutcome.values()) {
            family.dataPoint(CounterDataPointSnapshot.builder().value(counters.reloads(outcome))
                    .labels(Labels.of("outcome", outcome.label())).build());
        }
        return family.build();
    }

    private void listenQueues(MetricSnapshots.Builder all) {
        Map<Integer, Long> lengths;
        try {
            lengths = queues.lengths(listeners.stream().map(Listener::fd).toList());
        } catch (IOException e) {
            lengths = Map.of();
        }
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name("jgu_listen_queue_length")
                .help("Connections waiting to be accepted, per TCP listener (from /proc/net/tcp; UNIX listeners are not reported)");
        for (Listener l : listeners) {
            Long n = lengths.get(l.fd());
            if (n != null) {
                family.dataPoint(gauge(n, "listener", l.address()));
            }
        }
        all.metricSnapshot(family.build());
    }

    private void processFigures(MetricSnapshots.Builder all) {
        ProcessStats.Snapshot p = process.read();
        gaugeIfKnown(all, "process_resident_memory_bytes", Unit.BYTES, "The arbiter's resident memory", p.residentBytes());
        gaugeIfKnown(all, "process_virtual_memory_bytes", Unit.BYTES, "The arbiter's virtual memory", p.virtualBytes());
        gaugeIfKnown(all, "process_open_fds", null, "File descriptors the arbiter has open", p.openFds());
        gaugeIfKnown(all, "process_max_fds", null, "The arbiter's limit of open file descriptors", p.maxFds());
        all.metricSnapshot(GaugeSnapshot.builder().name("process_start_time_seconds").unit(Unit.SECONDS)
                .help("When the arbiter started, in seconds since the epoch").dataPoint(gauge(startSeconds)).build());
        if (p.cpuSeconds() >= 0) {
            all.metricSnapshot(CounterSnapshot.builder().name("process_cpu_seconds").unit(Unit.SECONDS)
                    .help("CPU time the arbiter used, user and system")
                    .dataPoint(CounterDataPointSnapshot.builder().value(p.cpuSeconds()).build()).build());
        }
    }

    private static void gaugeIfKnown(MetricSnapshots.Builder all, String name, Unit unit, String help, long value) {
        if (value >= 0) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help).dataPoint(gauge(value));
            if (unit != null) {
                b.unit(unit);
            }
            all.metricSnapshot(b.build());
        }
    }

    private static GaugeDataPointSnapshot gauge(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }
}
