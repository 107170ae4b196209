package dev.jgu.protocol.settings;

import java.util.List;

/** How worker JVMs are started: the java executable, its options and the app's classpath. */
public final class JvmSettings {

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

    static final List<Setting<?>> ALL = List.of(CLASSPATH, JVM_OPTS, JAVA);

    private JvmSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.JVM, name, type);
    }
}
