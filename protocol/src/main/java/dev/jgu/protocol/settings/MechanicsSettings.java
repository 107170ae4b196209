package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The app, its environment, the files the server writes, and process identity. */
public final class MechanicsSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<String> APP = setting("app", ValueType.string())
            .positional("APP")
            .example("\"com.example.App\"")
            .check(Check.appSpec())
            .reloadable()
            .help("The app: a class (a dev.jgu.spi.App, a Handler, an HttpHandler, a Servlet, a ServletContainerInitializer or a class one claims), Class::factory, Class::main, or a .war file or webapp directory.")
            .doc("""
                    Given as the command line's last argument, or as `app = "com.example.App"` in \
                    jgu.conf. A class is found on classpath and served by what it is: a \
                    dev.jgu.spi.App or Handler as it is, a com.sun.net.httpserver.HttpHandler or a \
                    main that creates an HttpServer through the jdk-http adapter, a Servlet, a \
                    ServletContainerInitializer or a class an initializer's @HandlesTypes claims \
                    (a Spring WebApplicationInitializer, a JAX-RS Application) through the Servlet \
                    adapter, with the classpath as the web app. A name holding a / or ending in \
                    .war is a path: a WAR file or an exploded directory with WEB-INF/. A HUP reads \
                    it again for the next generation of workers; a replaced WAR is unpacked anew.""")
            .build();

    public static final Setting<String> HOOKS = setting("hooks", ValueType.string())
            .flags("--hooks").label("CLASS")
            .example("\"com.example.Hooks\"")
            .check(Check.matches(Check.CLASS_NAME, "expected a fully-qualified class name"))
            .help("A class whose methods jgu calls at points of the server's life (Gunicorn's server hooks).")
            .build();

    public static final Setting<Boolean> PRELOAD = setting("preload", ValueType.bool())
            .flags("--preload").flag(true)
            .defaultValue(false)
            .help("Load and construct the app once in the arbiter before any worker starts, so a broken deploy fails at start.")
            .doc("""
                    Gunicorn's preload_app shares the loaded app with forked workers. A JVM cannot \
                    fork a warm copy of itself, so here nothing is shared: every worker still loads \
                    the app. What preload buys is one early, clear failure: an app that cannot load \
                    stops jgu with exit code 4 before a single worker is spawned, instead of failing \
                    in every worker.""")
            .build();

    public static final Setting<String> CHDIR = setting("chdir", ValueType.string())
            .flags("--chdir").label("DIR")
            .example("\"/srv/app\"")
            .defaultFrom(context -> context.cwd().toString(), "the directory jgu starts in")
            .check(Check.existingDirectory())
            .help("Directory the workers run in, changed to before the app loads.")
            .build();

    public static final Setting<Boolean> DAEMON = setting("daemon", ValueType.bool())
            .flags("-D", "--daemon").flag(true)
            .defaultValue(false)
            .help("Detach from the terminal and run in the background.")
            .doc("Under systemd, supervisor or runit, leave this off: they expect the process to stay in the foreground.")
            .build();

    public static final Setting<List<String>> RAW_ENV = setting("raw_env", ValueType.list("list of NAME=VALUE", null, MechanicsSettings::envPair))
            .flags("-e", "--env").label("NAME=VALUE").repeatable()
            .example("[\"APP_ENV=production\"]")
            .defaultValue(List.of())
            .reloadable()
            .help("Set an environment variable in every worker; repeat for more.")
            .build();

    public static final Setting<String> PIDFILE = setting("pidfile", ValueType.string())
            .flags("-p", "--pid").label("FILE")
            .example("\"/run/jgu/jgu.pid\"")
            .check(Check.notBlank())
            .help("Write the arbiter's pid to this file; unset writes none.")
            .doc("Removed at a clean exit. A HUP does not move it; a new path takes a restart.")
            .build();

    public static final Setting<String> WORKER_TMP_DIR = setting("worker_tmp_dir", ValueType.string())
            .flags("--worker-tmp-dir").label("DIR")
            .example("\"/dev/shm\"")
            .defaultText("/dev/shm when writable, else the system temp dir")
            .check(Check.existingDirectory())
            .help("Directory for the scoreboard the workers heartbeat through; keep it on a tmpfs.")
            .doc("""
                    Workers write their heartbeat to a memory-mapped file here about once a second. \
                    On a disk-backed directory that can stall a worker on I/O, as Gunicorn's FAQ \
                    warns; /dev/shm avoids it.""")
            .build();

    public static final Setting<String> USER = setting("user", ValueType.string())
            .flags("-u", "--user").label("USER")
            .example("\"www-data\"")
            .defaultText("the user jgu runs as")
            .check(Check.matches(Check.ACCOUNT, "expected a user name or a numeric uid"))
            .help("Run the workers as this user, by name or uid.")
            .build();

    public static final Setting<String> GROUP = setting("group", ValueType.string())
            .flags("-g", "--group").label("GROUP")
            .example("\"www-data\"")
            .defaultText("the group jgu runs as")
            .check(Check.matches(Check.ACCOUNT, "expected a group name or a numeric gid"))
            .help("Run the workers as this group, by name or gid.")
            .build();

    public static final Setting<Integer> UMASK = setting("umask", ValueType.octal())
            .flags("-m", "--umask").label("MASK")
            .defaultValue(0)
            .check(Check.permissionBits())
            .help("umask for the files and UNIX sockets jgu creates; 0o22, 022 and 0x12 all work.")
            .doc("""
                    UNIX sockets are always created under this mask, as in Gunicorn: with the default 0 \
                    the socket is 0777, so a proxy running as another user can connect. Set explicitly, \
                    it also becomes the umask of the arbiter (pidfile, log files) and of the workers.""")
            .build();

    public static final Setting<Boolean> INITGROUPS = setting("initgroups", ValueType.bool())
            .flags("--initgroups").flag(true)
            .defaultValue(false)
            .help("Give the workers every supplementary group of their user.")
            .build();

    public static final Setting<Boolean> REUSE_PORT = setting("reuse_port", ValueType.bool())
            .flags("--reuse-port").flag(true)
            .defaultValue(false)
            .pending("SO_REUSEPORT listeners")
            .help("Set SO_REUSEPORT on the listening sockets.")
            .build();

    public static final Setting<Boolean> SENDFILE = setting("sendfile", ValueType.bool())
            .flags("--no-sendfile").flag(false)
            .defaultValue(true)
            .pending("sendfile control")
            .reloadable()
            .help("Send file responses with sendfile(2); --no-sendfile copies them through user space instead.")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private MechanicsSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.SERVER_MECHANICS, name, type, DECLARED::add);
    }

    private static String envPair(String item) throws BadValue {
        int eq = item.indexOf('=');
        if (eq <= 0) {
            throw new BadValue("expected NAME=VALUE", TomlText.string(item));
        }
        return item;
    }
}
