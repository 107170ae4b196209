package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/** How worker JVMs are started: the java executable, its options and the app's classpath. */
public final class JvmSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<List<String>> CLASSPATH = setting("classpath", ValueType.list("list of paths", ":", ValueType.Item.ANY))
            .flags("--classpath").label("PATH").repeatable()
            .example("[\"/srv/app/lib/*\", \"/srv/app/classes\"]")
            .defaultValue(List.of())
            .check(Check.classpathEntries())
            .reloadable()
            .help("The app's classpath: directories, jars, and DIR/* for every jar in DIR; repeat or separate with ':'.")
            .doc("""
                    Workers load the app through a class loader over these entries, above jgu's own \
                    classes. Relative entries start from the directory jgu starts in. Every entry \
                    must exist when the configuration is read. A HUP reads the setting again, so a \
                    deploy can point it at a new release and the next generation of workers loads \
                    that.""")
            .build();

    public static final Setting<List<String>> JVM_OPTS = setting("jvm_opts", ValueType.list("list of options", null, ValueType.Item.ANY))
            .flags("--jvm-opt").label("OPTION").repeatable()
            .example("[\"-Xmx512m\", \"-XX:+UseSerialGC\"]")
            .defaultValue(List.of())
            .reloadable()
            .help("An option for every worker JVM, such as -Xmx512m; repeat for more.")
            .doc("""
                    On the command line, attach the value with '=' since it starts with a dash: \
                    `--jvm-opt=-Xmx512m`. In jgu.conf: `jvm_opts = ["-Xmx512m", "-XX:+UseSerialGC"]`. \
                    The arbiter's own JVM is not affected.""")
            .build();

    public static final Setting<String> JAVA = setting("java", ValueType.string())
            .flags("--java").label("PATH")
            .example("\"/usr/lib/jvm/java-21/bin/java\"")
            .defaultText("the java running the arbiter")
            .check(Check.executable())
            .reloadable()
            .help("The java executable that runs the workers.")
            .doc("""
                    A path, or a name looked up on PATH. Workers may run a different JDK from the \
                    arbiter, e.g. to try a new release on the next generation with a HUP.""")
            .build();

    public static final Setting<String> AOT = setting("aot", ValueType.choice("auto", "train", "off"))
            .flags("--aot").label("MODE")
            .defaultValue("auto")
            .envDefault("JGU_AOT", UnaryOperator.identity())
            .defaultText("auto, or $JGU_AOT when set")
            .reloadable()
            .help("The worker JVMs' AOT cache (JDK 25): auto uses one that fits, train also records one, off never does.")
            .doc("""
                    The cache holds the classes a worker loads and links and its method profiles, which \
                    cuts its boot. It fits one JVM build, one set of flags and one classpath of jars, so \
                    jgu keeps one per combination in aot_dir. With train, when none fits yet, one worker \
                    records one: the JVM writes it when that worker exits after a graceful stop (a second \
                    or two more), and the workers after it use it. Nothing is added, and the JVM's default \
                    CDS archive still applies, when the workers run another java than the arbiter's, the \
                    JDK is older than 25, the classpath holds a directory, or jvm_opts chooses a sharing \
                    mode itself.""")
            .build();

    public static final Setting<String> AOT_DIR = setting("aot_dir", ValueType.string())
            .flags("--aot-dir").label("DIR")
            .example("\"/var/cache/jgu/aot\"")
            .envDefault("JGU_AOT_DIR", UnaryOperator.identity())
            .defaultText("$JGU_AOT_DIR when set, else $JGU_HOME/aot when writable, else $TMPDIR/jgu-aot-$USER")
            .check(Check.notBlank())
            .reloadable()
            .help("Directory of the worker JVMs' AOT caches, created when a worker first records one.")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private JvmSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.JVM, name, type, DECLARED::add);
    }
}
