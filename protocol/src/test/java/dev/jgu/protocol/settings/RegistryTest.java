package dev.jgu.protocol.settings;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTest {

    private static final List<Class<?>> SECTION_CLASSES = List.of(ConfigFileSettings.class, ServerSocketSettings.class,
            WorkerSettings.class, JvmSettings.class, SecuritySettings.class, MechanicsSettings.class, WebAppSettings.class, LoggingSettings.class, MetricsSettings.class,
            ProcessNamingSettings.class, DebuggingSettings.class, ControlSettings.class);

    /** What works in this version; everything else must be marked pending. Update as features land. */
    private static final Set<String> SUPPORTED = Set.of("config", "check_config", "print_config", "bind", "backlog",
            "workers", "worker_class", "threads", "worker_connections", "max_requests", "max_requests_jitter", "timeout",
            "graceful_timeout", "keepalive", "header_timeout", "body_timeout", "body_min_rate", "async_loops", "async_default_scheduler", "classpath", "jvm_opts", "java", "aot",
            "aot_dir", "limit_request_line", "limit_request_fields",
            "limit_request_field_size", "forwarded_allow_ips", "secure_scheme_headers", "forwarder_headers", "proxy_protocol", "proxy_allow_ips",
            "header_map", "permit_obsolete_folding", "strip_header_spaces", "permit_unconventional_http_method", "casefold_http_method",
            "permit_non_ascii_target", "limit_request_body", "max_worker_memory", "app",
            "context_path", "war_dir", "session_dir", "session_timeout", "session_cookie_name", "session_cookie_same_site",
            "session_cookie_secure", "session_cookie_http_only",
            "preload", "chdir", "raw_env", "pidfile", "worker_tmp_dir", "errorlog", "loglevel",
            "control_socket_disable", "hooks", "accesslog", "access_log_format", "daemon", "user", "group", "umask",
            "initgroups", "statsd_host", "statsd_prefix", "dogstatsd_tags", "proc_name", "proc_title",
            "control_socket", "control_socket_mode", "metrics_bind", "capture_output", "logconfig", "syslog",
            "syslog_addr", "syslog_prefix", "syslog_facility");

    @Test
    void everyDeclaredConstantIsRegisteredOnce() throws IllegalAccessException {
        List<Setting<?>> declared = new ArrayList<>();
        for (Class<?> type : SECTION_CLASSES) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isPublic(field.getModifiers()) && field.getType() == Setting.class) {
                    declared.add((Setting<?>) field.get(null));
                }
            }
        }
        assertEquals(new HashSet<>(declared), new HashSet<>(Registry.all()));
        assertEquals(declared.size(), Registry.all().size());
    }

    @Test
    void sectionsAppearInOrderAndEachClassHoldsOneSection() {
        List<Section> order = Registry.all().stream().map(Setting::sectionEnum).distinct().toList();
        assertEquals(List.of(Section.values()), order);
        for (Setting<?> setting : Registry.all()) {
            assertEquals(setting, Registry.byName(setting.name()).orElseThrow());
        }
    }

    @Test
    void namesAreSnakeCaseAndFlagsKebabCase() {
        Set<String> flags = new HashSet<>();
        for (Setting<?> setting : Registry.all()) {
            assertTrue(setting.name().matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"), setting.name());
            assertEquals(setting.positional(), setting.flags().isEmpty(), setting.name());
            for (String flag : setting.flags()) {
                assertTrue(flag.matches("--[a-z][a-z0-9]*(-[a-z0-9]+)*|-[a-zA-Z]"), flag);
                assertTrue(flags.add(flag), "flag used twice: " + flag);
                assertFalse(Set.of("-h", "--help", "-v", "--version").contains(flag), flag);
            }
        }
    }

    @Test
    void everySettingHasOneLineOfHelp() {
        for (Setting<?> setting : Registry.all()) {
            assertFalse(setting.help().isBlank(), setting.name());
            assertFalse(setting.help().contains("\n"), setting.name());
            assertTrue(setting.help().endsWith("."), setting.name());
        }
    }

    @Test
    void onlyTheSupportedSettingsWorkTheRestAreMarkedPending() {
        Set<String> supported = new TreeSet<>();
        for (Setting<?> setting : Registry.all()) {
            if (setting.pending() == null) {
                supported.add(setting.name());
            } else {
                assertFalse(setting.pending().isBlank(), setting.name());
            }
        }
        assertEquals(new TreeSet<>(SUPPORTED), supported);
    }

    @Test
    void everyDefaultPassesItsOwnChecks() throws BadValue {
        Context context = new Context(java.nio.file.Path.of(""), java.util.Map.of());
        for (Setting<?> setting : Registry.all()) {
            verifyDefault(setting, context);
        }
    }

    private static <T> void verifyDefault(Setting<T> setting, Context context) throws BadValue {
        T value = setting.defaultFor(context);
        if (value != null) {
            setting.verify(value, context);
        }
    }

    @Test
    void nearestNameCatchesTyposCommandLineSpellingsAndGunicornNames() {
        assertEquals(Optional.of("graceful_timeout"), Registry.nearest("gracefull_timeout"));
        assertEquals(Optional.of("graceful_timeout"), Registry.nearest("graceful-timeout"));
        assertEquals(Optional.of("workers"), Registry.nearest("worker"));
        assertEquals(Optional.of("workers"), Registry.nearest("Workers"));
        assertEquals(Optional.of("loglevel"), Registry.nearest("log_level"));
        assertEquals(Optional.of("pidfile"), Registry.nearest("pid"));
        assertEquals(Optional.of("keepalive"), Registry.nearest("keep_alive"));
        assertEquals(Optional.of("preload"), Registry.nearest("preload_app"));
        assertEquals(Optional.of("errorlog"), Registry.nearest("error_logfile"));
        assertEquals(Optional.empty(), Registry.nearest("xyzzy"));
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertEquals(0, Registry.distance("bind", "bind"));
        assertEquals(1, Registry.distance("bnid", "bind"));
        assertEquals(1, Registry.distance("bin", "bind"));
        assertEquals(3, Registry.distance("", "abc"));
    }
}
