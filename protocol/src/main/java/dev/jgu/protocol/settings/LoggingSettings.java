package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Error log, access log, syslog and StatsD. */
public final class LoggingSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<String> ACCESSLOG = setting("accesslog", ValueType.string())
            .flags("--access-logfile").label("FILE")
            .example("\"-\"")
            .check(Check.notBlank())
            .reloadable()
            .help("Write an access log to this file, - for stdout; unset writes none.")
            .build();

    public static final Setting<String> ACCESS_LOG_FORMAT = setting("access_log_format", ValueType.string())
            .flags("--access-logformat").label("FORMAT")
            .defaultValue("%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"")
            .check(Check.notBlank())
            .reloadable()
            .help("Access log line, from Gunicorn's %(atom)s placeholders, or json for one JSON object a line.")
            .doc("Every Gunicorn atom; string values are escaped as JSON string content, so a JSON-shaped"
                    + " format stays valid JSON. json writes a fixed set of fields (the README's Access log section).")
            .build();

    public static final Setting<String> ERRORLOG = setting("errorlog", ValueType.string())
            .flags("--error-logfile", "--log-file").label("FILE")
            .defaultValue("-")
            .check(Check.notBlank())
            .help("Write the error log to this file, - for stderr.")
            .doc("USR1 (and HUP) reopen it, for logrotate; a different file takes a restart.")
            .build();

    public static final Setting<String> LOGLEVEL = setting("loglevel", ValueType.choice("debug", "info", "warning", "error", "critical"))
            .flags("--log-level").label("LEVEL")
            .defaultValue("info")
            .help("Least severe error-log level written: debug, info, warning, error or critical.")
            .build();

    public static final Setting<Boolean> CAPTURE_OUTPUT = setting("capture_output", ValueType.bool())
            .flags("--capture-output").flag(true)
            .defaultValue(false)
            .help("Send the workers' stdout and stderr to the error log file.")
            .doc("The worker's fds 1 and 2 go to the arbiter, which writes them, as they are, into its error log file"
                    + " (so native writes too, and USR1's reopen is followed). With the error log on stderr they go there.")
            .build();

    public static final Setting<String> LOGCONFIG = setting("logconfig", ValueType.string())
            .flags("--log-config").label("FILE")
            .example("\"/etc/jgu/logback.xml\"")
            .check(Check.notBlank())
            .reloadable()
            .help("A logback configuration file (logback.xml): logback then writes every line, in its format.")
            .doc("errorlog, loglevel and syslog no longer apply: the file decides. ${jgu.pid} in a pattern is the"
                    + " process's pid. HUP's new workers read the file afresh; the arbiter reads it once, at start.")
            .build();

    public static final Setting<Boolean> SYSLOG = setting("syslog", ValueType.bool())
            .flags("--log-syslog").flag(true)
            .defaultValue(false)
            .reloadable()
            .help("Also send the error log to syslog.")
            .doc("Entries are Gunicorn's: <PRI>jgu.PREFIX.error: [pid] message. Lines are queued and sent by a thread of"
                    + " their own: a syslog that is down costs dropped lines, never a wait.")
            .build();

    public static final Setting<String> SYSLOG_ADDR = setting("syslog_addr", ValueType.string(NetworkAddress::syslog))
            .flags("--log-syslog-to").label("ADDRESS")
            .defaultValue("udp://localhost:514")
            .reloadable()
            .help("Where syslog is: udp://HOST:PORT, tcp://HOST:PORT or unix://PATH[#dgram|#stream].")
            .doc("TCP and UNIX stream use octet-counted frames (RFC 6587). unix://PATH tries a datagram socket (the"
                    + " arbiter connects it; the workers inherit it), then a stream one, as Gunicorn does; #dgram that"
                    + " cannot connect at start exits 2.")
            .build();

    public static final Setting<String> SYSLOG_PREFIX = setting("syslog_prefix", ValueType.string())
            .flags("--log-syslog-prefix").label("PREFIX")
            .example("\"myapp\"")
            .defaultText("proc_name, when set")
            .check(Check.notBlank())
            .reloadable()
            .help("Program name in syslog entries: jgu.PREFIX.error.")
            .build();

    public static final Setting<String> SYSLOG_FACILITY = setting("syslog_facility", ValueType.choice(
            "auth", "authpriv", "cron", "daemon", "ftp", "kern", "lpr", "mail", "news", "security", "syslog", "user", "uucp",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"))
            .flags("--log-syslog-facility").label("FACILITY")
            .defaultValue("user")
            .reloadable()
            .help("Syslog facility of the entries.")
            .build();

    public static final Setting<String> STATSD_HOST = setting("statsd_host", ValueType.string(NetworkAddress::statsd))
            .flags("--statsd-host").label("ADDRESS")
            .example("\"localhost:8125\"")
            .help("Send StatsD metrics to HOST:PORT over UDP (port 8125 when absent) or to a unix datagram socket, unix:PATH.")
            .doc("Gunicorn's metrics under `jgu.` instead of `gunicorn.` (README, \"StatsD\"), sent off the request path:"
                    + " a metric the socket has no room for is dropped, never waited for. A `unix:` socket must exist when"
                    + " jgu starts; the arbiter connects it and hands it to every worker.")
            .build();

    public static final Setting<String> STATSD_PREFIX = setting("statsd_prefix", ValueType.string())
            .flags("--statsd-prefix").label("PREFIX")
            .defaultValue("")
            .check(Check.matches(java.util.regex.Pattern.compile("[^\\s:|@#]*"), "no blanks, ':', '|', '@' or '#'"))
            .help("Prefix of every metric name; a dot is added when it has none (myapp gives myapp.jgu.requests).")
            .build();

    public static final Setting<String> DOGSTATSD_TAGS = setting("dogstatsd_tags", ValueType.string())
            .flags("--dogstatsd-tags").label("TAGS")
            .defaultValue("")
            .example("\"env:prod,service:shop\"")
            .check(Check.matches(java.util.regex.Pattern.compile("[^\\s|@#]*"), "comma-separated tags, no blanks, '|', '@' or '#'"))
            .help("DogStatsD tags appended to every metric as |#TAGS, comma-separated: tag1:value1,tag2.")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private LoggingSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.LOGGING, name, type, DECLARED::add);
    }
}
