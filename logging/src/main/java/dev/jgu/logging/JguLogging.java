package dev.jgu.logging;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.BasicMarkerFactory;

/**
 * The process's logging: which slf4j backend is bound (jgu's own provider, or logback when {@code logconfig}
 * names its configuration file), and the {@link LogSink} jgu's provider writes to. The arbiter and each
 * worker choose the backend before their first logger is made, then configure the sink from their settings.
 */
public final class JguLogging {

    /** Marks an ERROR line as Gunicorn's CRITICAL (slf4j has no such level). */
    public static final Marker CRITICAL = new BasicMarkerFactory().getMarker("CRITICAL");
    /** The system property naming the pid, for a logback pattern ({@code ${jgu.pid}}): logback has no pid converter. */
    public static final String PID_PROPERTY = "jgu.pid";

    static final String OWN_PROVIDER = JguServiceProvider.class.getName();
    static final String LOGBACK_PROVIDER = "ch.qos.logback.classic.spi.LogbackServiceProvider";
    static final String LOGBACK_CONFIG_PROPERTY = "logback.configurationFile";
    /** slf4j's own property (since 2.0.9): the provider to bind, without looking through the class path. */
    static final String PROVIDER_PROPERTY = "slf4j.provider";
    static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

    private static volatile LogSink sink = new LogSink("-", Level.INFO, null);
    private static volatile String logbackConfig;

    private JguLogging() {
    }

    /**
     * Chooses the backend; call before the first logger of the process is made (later, slf4j is bound already).
     * An operator's own {@code -Dslf4j.provider} wins.
     *
     * @param logconfig a logback configuration file, or null for jgu's own provider
     * @throws IllegalArgumentException naming {@code logconfig} when the file is missing or logback is absent
     */
    public static void selectBackend(String logconfig) {
        System.setProperty(PID_PROPERTY, Long.toString(ProcessHandle.current().pid()));
        // slf4j reports the explicitly chosen provider at INFO on stderr, a line in every worker's boot otherwise
        if (System.getProperty(VERBOSITY_PROPERTY) == null) {
            System.setProperty(VERBOSITY_PROPERTY, "WARN");
        }
        if (logconfig == null || logconfig.isBlank()) {
            if (System.getProperty(PROVIDER_PROPERTY) == null) {
                System.setProperty(PROVIDER_PROPERTY, OWN_PROVIDER);
            }
            return;
        }
        Path file = Path.of(logconfig);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("logconfig: cannot read " + logconfig
                    + " (expected a logback configuration file, logback.xml)");
        }
        if (!logbackPresent()) {
            throw new IllegalArgumentException("logconfig: " + logconfig + " needs logback, which is not on the class path"
                    + " (the distribution ships it in lib/logback/)");
        }
        logbackConfig = file.toAbsolutePath().toString();
        System.setProperty(LOGBACK_CONFIG_PROPERTY, logbackConfig);
        if (System.getProperty(PROVIDER_PROPERTY) == null) {
            System.setProperty(PROVIDER_PROPERTY, LOGBACK_PROVIDER);
        }
    }

    private static boolean logbackPresent() {
        try {
            Class.forName(LOGBACK_PROVIDER, false, JguLogging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @return whether the bound slf4j backend is jgu's own provider */
    public static boolean ownProviderBound() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory.getClass().getName().startsWith(JguServiceProvider.class.getPackageName() + ".");
    }

    /** @return the name of the bound backend, for the boot line */
    public static String backendName() {
        if (ownProviderBound()) {
            return "jgu";
        }
        return logbackConfig != null ? "logback (" + logbackConfig + ")" : LoggerFactory.getILoggerFactory().getClass().getName();
    }

    /**
     * Makes {@code next} the process's error log; the previous sink's syslog sender is stopped.
     *
     * @param next the sink
     */
    public static void configure(LogSink next) {
        LogSink previous = sink;
        sink = next;
        if (previous != next) {
            previous.close();
        }
    }

    /** @return the process's error log sink (jgu's provider writes there) */
    public static LogSink sink() {
        return sink;
    }

    /**
     * A logger of jgu's provider writing to a sink of its own, not the process's: for a log with another
     * destination than the process's (a test's file, the arbiter's preload on stderr).
     *
     * @param name the logger's name
     * @param own the sink
     * @return the logger
     */
    public static Logger logger(String name, LogSink own) {
        return new JguLogger(name, () -> own);
    }

    /**
     * Reopens the error log (USR1): jgu's file, or logback's appenders by configuring logback again from its
     * file, which closes and opens every file appender.
     *
     * @return what was reopened, for the log line, or null when nothing was
     */
    public static String reopen() {
        if (ownProviderBound()) {
            LogSink current = sink;
            current.reopen();
            return current.isFile() ? current.destination() : null;
        }
        if (logbackConfig == null) {
            return null;
        }
        try {
            ClassLoader loader = JguLogging.class.getClassLoader();
            Object context = LoggerFactory.getILoggerFactory();
            Class<?> contextType = Class.forName("ch.qos.logback.core.Context", false, loader);
            Class<?> configurator = Class.forName("ch.qos.logback.classic.joran.JoranConfigurator", true, loader);
            Object joran = configurator.getConstructor().newInstance();
            context.getClass().getMethod("reset").invoke(context);
            configurator.getMethod("setContext", contextType).invoke(joran, context);
            Method configure = configurator.getMethod("doConfigure", String.class);
            configure.invoke(joran, logbackConfig);
            return logbackConfig;
        } catch (ReflectiveOperationException | LinkageError e) {
            sink.write(Level.ERROR, null, "reopen: cannot configure logback again from " + logbackConfig + ": " + e, null);
            return null;
        }
    }
}
