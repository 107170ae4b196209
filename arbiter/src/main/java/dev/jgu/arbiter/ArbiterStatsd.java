package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Config;
import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.Statsd;
import dev.jgu.protocol.StatsdFormat;
import dev.jgu.protocol.settings.LoggingSettings;

import java.io.IOException;

/**
 * The arbiter's StatsD side (Gunicorn's arbiter sends {@code gunicorn.workers} from
 * {@code manage_workers}): the {@code jgu.workers} gauge when the count changes, the
 * arbiter's {@code jgu.log.*} counters, and, for {@code unix:PATH}, the connected
 * socket every worker inherits. The loop only queues lines; {@link Statsd}'s thread
 * sends them.
 */
final class ArbiterStatsd implements AutoCloseable {

    private final Statsd statsd;
    private final int workerFd;
    private int reportedWorkers = -1;

    private ArbiterStatsd(Statsd statsd, int workerFd) {
        this.statsd = statsd;
        this.workerFd = workerFd;
    }

    /** @return one that sends nothing */
    static ArbiterStatsd none() {
        return new ArbiterStatsd(null, -1);
    }

    /** @return the client {@code statsd_host} asks for; one that sends nothing when unset or unreachable (said in a WARNING) */
    static ArbiterStatsd open(Config config, ErrorLog log, Posix posix) {
        String host = config.get(LoggingSettings.STATSD_HOST);
        if (host == null) {
            return none();
        }
        StatsdFormat format = new StatsdFormat(config.get(LoggingSettings.STATSD_PREFIX), config.get(LoggingSettings.DOGSTATSD_TAGS));
        Statsd statsd;
        int fd = -1;
        try {
            if (host.startsWith("unix:")) {
                int connected = UnixDatagram.connect(host.substring("unix:".length()), posix, true);
                try {
                    fd = posix.dupHigh(connected);
                } finally {
                    posix.close(connected);
                }
                statsd = Statsd.inherited(fd, host, format);
            } else {
                statsd = Statsd.udp(host, format);
            }
        } catch (IOException | RuntimeException e) {
            if (fd >= 0) {
                posix.close(fd);
            }
            log.warn("statsd: no metrics will be sent: statsd_host=" + host + ": " + e.getMessage());
            return none();
        }
        statsd.log(log);
        log.listener(statsd::logged);
        log.info("statsd: sending metrics to " + host + (format.prefix().isEmpty() ? "" : " prefix=" + format.prefix()));
        return new ArbiterStatsd(statsd, fd);
    }

    /** @return the fd workers inherit for a {@code unix:} target, else -1 (a UDP target: each worker opens its own socket) */
    int workerFd() {
        return workerFd;
    }

    /** Sends {@code jgu.workers} when the count of worker processes changed since the last one sent. */
    void workers(int count) {
        if (statsd != null && count != reportedWorkers) {
            reportedWorkers = count;
            statsd.gauge("jgu.workers", count);
        }
    }

    @Override
    public void close() {
        if (statsd != null) {
            statsd.close();
        }
    }
}
