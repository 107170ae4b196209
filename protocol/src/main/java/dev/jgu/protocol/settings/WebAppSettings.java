package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** Servlet apps and WARs: where they are mounted and unpacked, and their sessions. */
public final class WebAppSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<String> CONTEXT_PATH = setting("context_path", ValueType.string())
            .flags("--context-path").label("PATH")
            .example("\"/shop\"")
            .defaultValue("")
            .check(Check.matches(Pattern.compile("|(/[^/?#;%\\s]+)+"), "expected empty (the root) or /name[/name...] without a trailing /"))
            .reloadable()
            .help("Where a Servlet app or WAR is mounted: empty serves it at /, /shop serves /shop/... (getContextPath()).")
            .doc("""
                    Requests outside the context path get 404. Behind a proxy that strips a \
                    prefix, leave it empty; SCRIPT_NAME-style mounting is this setting.""")
            .build();

    public static final Setting<String> WAR_DIR = setting("war_dir", ValueType.string())
            .flags("--war-dir").label("DIR")
            .example("\"/var/lib/jgu/wars\"")
            .defaultText("jgu-war/ under worker_tmp_dir")
            .check(Check.notBlank())
            .reloadable()
            .help("Where a .war app is unpacked, once per content hash, and shared by every worker.")
            .doc("""
                    A WAR is unpacked into DIR/NAME-SHA256PREFIX/ by the first worker that needs it \
                    (the others wait on a lock) and reused while its content is unchanged; a HUP \
                    after replacing the file unpacks the new one next to it.""")
            .build();

    public static final Setting<String> SESSION_DIR = setting("session_dir", ValueType.string())
            .flags("--session-dir").label("DIR")
            .example("\"/dev/shm/myapp-sessions\"")
            .defaultText("jgu-sessions/CONTEXT under worker_tmp_dir")
            .check(Check.notBlank())
            .reloadable()
            .help("Where HttpSessions are stored, one file each, so every worker of the host sees every session.")
            .doc("""
                    Keep it on a tmpfs, and keep it the same across reloads and USR2 upgrades: \
                    sessions live as long as their files do. Workers lock a session's file while a \
                    request uses it, and expired sessions are removed by whichever worker finds \
                    them.""")
            .build();

    public static final Setting<Integer> SESSION_TIMEOUT = setting("session_timeout", ValueType.integer())
            .flags("--session-timeout").label("MINUTES")
            .example("30")
            .defaultText("the web.xml session-config, else 30")
            .check(Check.atLeast(0))
            .reloadable()
            .help("Minutes a session lives without a request; 0 = never expires. Overrides web.xml.")
            .build();

    public static final Setting<String> SESSION_COOKIE_NAME = setting("session_cookie_name", ValueType.string())
            .flags("--session-cookie-name").label("NAME")
            .example("\"JSESSIONID\"")
            .defaultText("the web.xml cookie-config, else JSESSIONID")
            .check(Check.matches(Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+"), "expected a cookie name (an RFC 9110 token)"))
            .reloadable()
            .help("Name of the session cookie. Overrides web.xml.")
            .build();

    public static final Setting<String> SESSION_COOKIE_SAME_SITE = setting("session_cookie_same_site", ValueType.string())
            .flags("--session-cookie-same-site").label("POLICY")
            .example("\"Lax\"")
            .defaultText("the web.xml cookie-config attribute, else Lax")
            .check(Check.matches(Pattern.compile("Strict|Lax|None|unset"), "expected Strict, Lax, None, or unset (no attribute)"))
            .reloadable()
            .help("SameSite attribute of the session cookie (Strict, Lax, None, or unset). Overrides web.xml.")
            .build();

    public static final Setting<String> SESSION_COOKIE_SECURE = setting("session_cookie_secure", ValueType.string())
            .flags("--session-cookie-secure").label("WHEN")
            .example("\"auto\"")
            .defaultText("the web.xml cookie-config, else auto")
            .check(Check.matches(Pattern.compile("auto|true|false"), "expected auto (when the request is https), true or false"))
            .reloadable()
            .help("Whether the session cookie says Secure: auto (on https requests, after the trusted-proxy rules), true, false.")
            .build();

    public static final Setting<Boolean> SESSION_COOKIE_HTTP_ONLY = setting("session_cookie_http_only", ValueType.bool())
            .flags("--session-cookie-http-only").label("BOOL")
            .example("true")
            .defaultText("the web.xml cookie-config, else true")
            .reloadable()
            .help("Whether the session cookie says HttpOnly. Overrides web.xml.")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private WebAppSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.WEB_APPS, name, type, DECLARED::add);
    }
}
