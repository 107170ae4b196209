package dev.jgu.workers.runtime;

import dev.jgu.protocol.ErrorLog;
import dev.jgu.protocol.Statsd;
import dev.jgu.protocol.StatsdFormat;
import dev.jgu.protocol.WorkerArgs;
import dev.jgu.protocol.settings.LoggingSettings;
import dev.jgu.protocol.settings.SettingValues;

import java.io.IOException;

/** A worker's StatsD client, from {@code statsd_host}: its own UDP socket, or the arbiter's {@code unix:} one. */
final class WorkerStatsd {

    private WorkerStatsd() {
    }

    /**
     * Opens the client, counts the error log's warnings and errors into it, and sends
     * what is still queued when the worker exits.
     *
     * @return the client, or null when {@code statsd_host} is unset or cannot be reached (said in a WARNING)
     */
    static Statsd open(WorkerArgs args, SettingValues settings, ErrorLog log) {
        String host = settings.get(LoggingSettings.STATSD_HOST);
        if (host == null) {
            return null;
        }
        StatsdFormat format = new StatsdFormat(settings.get(LoggingSettings.STATSD_PREFIX), settings.get(LoggingSettings.DOGSTATSD_TAGS));
        Statsd statsd;
        try {
            if (host.startsWith("unix:")) {
                if (args.statsdFd() < 0) {
                    // The arbiter could not connect it, and said why.
                    return null;
                }
                statsd = Statsd.inherited(args.statsdFd(), host, format);
            } else {
                statsd = Statsd.udp(host, format);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("statsd: no metrics from this worker: worker=" + args.age() + " statsd_host=" + host + ": " + e.getMessage());
            return null;
        }
        statsd.log(log);
        log.listener(statsd::logged);
        Runtime.getRuntime().addShutdownHook(new Thread(statsd::close, "jgu-statsd-flush"));
        return statsd;
    }
}
