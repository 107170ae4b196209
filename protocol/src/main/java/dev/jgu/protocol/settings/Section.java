package dev.jgu.protocol.settings;

/**
 * The sections settings are grouped by, in the order {@code jgu --help},
 * {@code docs/settings.md} and {@code etc/jgu.conf} show them. The titles are
 * Gunicorn's where a section carries over.
 */
public enum Section {
    CONFIG_FILE("Config File", "Where the configuration comes from, and the one-shot checks."),
    SERVER_SOCKET("Server Socket", "The listening sockets the arbiter binds and hands to every worker."),
    WORKER_PROCESSES("Worker Processes", "How many worker JVMs, how they serve, and when they are recycled or killed."),
    JVM("JVM", "How worker JVMs are started: the java executable, its options and the app's classpath."),
    SECURITY("Security", "Request limits, trusted proxies and how strictly requests are parsed."),
    SERVER_MECHANICS("Server Mechanics", "The app, its environment, files the server writes, and process identity."),
    WEB_APPS("Web Apps", "Servlet apps and WARs: context path, where WARs are unpacked, and the sessions every worker shares."),
    LOGGING("Logging", "Error log, access log, syslog and StatsD."),
    METRICS("Metrics", "The Prometheus endpoint the arbiter serves."),
    PROCESS_NAMING("Process Naming", "How processes are named for ps and top."),
    DEBUGGING("Debugging", "Development conveniences."),
    CONTROL("Control", "The control socket used by jgu ctl.");

    private final String title;
    private final String summary;

    Section(String title, String summary) {
        this.title = title;
        this.summary = summary;
    }

    /** @return the title ({@code Worker Processes}) */
    public String title() {
        return title;
    }

    /** @return one sentence on what the section holds */
    public String summary() {
        return summary;
    }
}
