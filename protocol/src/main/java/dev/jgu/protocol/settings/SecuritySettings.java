package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Request limits, trusted proxies and how strictly requests are parsed. */
public final class SecuritySettings {

    /** RFC 9110 §5.6.2 token characters: what a header name may hold. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<Integer> LIMIT_REQUEST_LINE = setting("limit_request_line", ValueType.integer())
            .flags("--limit-request-line").label("BYTES")
            .defaultValue(4094)
            .check(Check.between(0, 8190))
            .reloadable()
            .help("Largest request line in bytes, 0..8190; 0 means the cap, 8190.")
            .doc("""
                    The request line is the method, the request target and the version; a longer \
                    one is refused before the app sees the request.""")
            .build();

    public static final Setting<Integer> LIMIT_REQUEST_FIELDS = setting("limit_request_fields", ValueType.integer())
            .flags("--limit-request-fields").label("INT")
            .defaultValue(100)
            .check(Check.between(0, 32768))
            .reloadable()
            .help("Most header fields in a request, 0..32768; 0 means the cap, 32768.")
            .build();

    public static final Setting<Integer> LIMIT_REQUEST_FIELD_SIZE = setting("limit_request_field_size", ValueType.integer())
            .flags("--limit-request-field-size").label("BYTES")
            .defaultValue(8190)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Largest header field (name, colon and value) in bytes; 0 means the default, 8190.")
            .doc("Gunicorn spells the option --limit-request-field_size; jgu keeps to kebab-case.")
            .build();

    public static final Setting<Integer> LIMIT_REQUEST_BODY = setting("limit_request_body", ValueType.integer())
            .flags("--limit-request-body").label("BYTES")
            .defaultValue(0)
            .check(Check.atLeast(0))
            .reloadable()
            .help("Largest request body in bytes, answered 413 when passed; 0 (the default) means no limit.")
            .doc("""
                    nginx's client_max_body_size; Gunicorn has none. A Content-Length over the limit \
                    is refused before the app runs (and before any 100 Continue), a chunked body as \
                    soon as its decoded bytes pass it: the app's read fails, and the client gets 413 \
                    unless the app already answered. Either way the connection closes.""")
            .build();

    public static final Setting<List<String>> FORWARDED_ALLOW_IPS = setting("forwarded_allow_ips",
            ValueType.list("list of IPs and networks", ",", NetworkAddress::ipOrNetwork))
            .flags("--forwarded-allow-ips").label("LIST")
            .defaultValue(List.of("127.0.0.1", "::1"))
            .envDefault("FORWARDED_ALLOW_IPS", ips -> ips)
            .defaultText("[\"127.0.0.1\", \"::1\"], or $FORWARDED_ALLOW_IPS when set")
            .reloadable()
            .help("Front ends trusted to set the scheme and forwarding headers: IPs and CIDR blocks, comma-separated, or *.")
            .doc("""
                    Only requests from these peers may mark themselves https through \
                    secure_scheme_headers or name the client with X-Forwarded-For. Use * only when \
                    nothing but the front end can reach jgu.""")
            .build();

    public static final Setting<Map<String, String>> SECURE_SCHEME_HEADERS = setting("secure_scheme_headers", ValueType.table())
            .flags("--secure-scheme-header").label("HEADER=VALUE").repeatable()
            .defaultValue(defaultSchemeHeaders())
            .check(SecuritySettings::headerPairs)
            .reloadable()
            .help("A header and value by which a trusted front end marks a request as https; repeat for more.")
            .doc("""
                    Honoured only from forwarded_allow_ips. Header names compare case-insensitively. \
                    Given on the command line or in jgu.conf, the pairs replace the default set. \
                    Gunicorn has no command-line option for this setting; jgu adds one.""")
            .build();

    public static final Setting<List<String>> FORWARDER_HEADERS = setting("forwarder_headers",
            ValueType.list("list of header names", ",", SecuritySettings::headerName))
            .flags("--forwarder-headers").label("LIST")
            .defaultValue(List.of("SCRIPT_NAME", "PATH_INFO"))
            .reloadable()
            .help("Headers with an underscore that a trusted front end may still set in the environ, comma-separated.")
            .doc("""
                    Only from forwarded_allow_ips, and only where header_map would otherwise drop or \
                    refuse a header name containing '_' (for example SCRIPT_NAME, PATH_INFO or \
                    REMOTE_USER set by a proxy).""")
            .build();

    public static final Setting<String> PROXY_PROTOCOL = setting("proxy_protocol", ValueType.choice("off", "v1", "v2", "auto"))
            .flags("--proxy-protocol").label("MODE").optionalArgument("auto")
            .defaultValue("off")
            .reloadable()
            .help("Read a HAProxy PROXY header on new connections: off, v1, v2 or auto; the option alone means auto.")
            .doc("""
                    Only from proxy_allow_ips, and only before the first request of a connection. \
                    On the command line, give the mode with '=' (`--proxy-protocol=v2`) when APP follows.""")
            .build();

    public static final Setting<List<String>> PROXY_ALLOW_IPS = setting("proxy_allow_ips",
            ValueType.list("list of IPs and networks", ",", NetworkAddress::ipOrNetwork))
            .flags("--proxy-allow-from").label("LIST")
            .defaultValue(List.of("127.0.0.1", "::1"))
            .reloadable()
            .help("Peers allowed to send a PROXY header: IPs and CIDR blocks, comma-separated, or *.")
            .build();

    public static final Setting<String> HEADER_MAP = setting("header_map", ValueType.choice("drop", "refuse", "dangerous"))
            .flags("--header-map").label("MODE")
            .defaultValue("drop")
            .reloadable()
            .help("Header names containing '_': drop them, refuse the request (400), or (dangerous) keep them.")
            .doc("""
                    In the CGI-style environ, X-Auth_User and X-Auth-User map to the same name; a \
                    client could spoof a header a front end set. drop removes such headers, refuse \
                    answers 400, dangerous passes them on.""")
            .build();

    public static final Setting<Boolean> PERMIT_OBSOLETE_FOLDING = setting("permit_obsolete_folding", ValueType.bool())
            .flags("--permit-obsolete-folding").flag(true)
            .defaultValue(false)
            .reloadable()
            .help("Accept header values folded over several lines (obs-fold) instead of answering 400.")
            .doc("Obsolete line folding is deprecated by RFC 9112 §5.2 and a known request-smuggling vector; leave it off unless an old client needs it.")
            .build();

    public static final Setting<Boolean> STRIP_HEADER_SPACES = setting("strip_header_spaces", ValueType.bool())
            .flags("--strip-header-spaces").flag(true)
            .defaultValue(false)
            .reloadable()
            .help("Accept whitespace between a header name and its colon (unsafe: a request-smuggling vector; Gunicorn deprecates it).")
            .doc("""
                    RFC 9112 §5.1 forbids whitespace before the colon and jgu refuses such a request with 400. \
                    Turn this on only for a legacy client you cannot fix, and only behind a proxy that \
                    normalises headers: a front end may read "Content-Length : 3" as a different field.""")
            .build();

    public static final Setting<Boolean> PERMIT_UNCONVENTIONAL_HTTP_METHOD = setting("permit_unconventional_http_method", ValueType.bool())
            .flags("--permit-unconventional-http-method").flag(true)
            .defaultValue(false)
            .reloadable()
            .help("Accept methods other than 3 to 20 upper-case letters, such as lower-case ones.")
            .build();

    public static final Setting<Boolean> CASEFOLD_HTTP_METHOD = setting("casefold_http_method", ValueType.bool())
            .flags("--casefold-http-method").flag(true)
            .defaultValue(false)
            .reloadable()
            .help("Upper-case request methods before the app sees them (Gunicorn's old behaviour).")
            .build();

    public static final Setting<Boolean> PERMIT_NON_ASCII_TARGET = setting("permit_non_ascii_target", ValueType.bool())
            .flags("--permit-non-ascii-target").flag(true)
            .defaultValue(false)
            .reloadable()
            .help("Accept raw bytes above 0x7F (unencoded UTF-8, say) in the request target instead of answering 400.")
            .doc("""
                    RFC 9112 §3.2 allows only ASCII in the request target; anything else must be \
                    percent-encoded. A front end and jgu may decode raw bytes into different paths, so a \
                    request the front end routed or authorised for one path reaches the app as another. \
                    Gunicorn accepts such targets; jgu answers 400 unless this is on. With it on, the raw \
                    path keeps the bytes (one character per byte) and the decoded path reads them as UTF-8.""")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private SecuritySettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.SECURITY, name, type, DECLARED::add);
    }

    private static Map<String, String> defaultSchemeHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-FORWARDED-PROTOCOL", "ssl");
        headers.put("X-FORWARDED-PROTO", "https");
        headers.put("X-FORWARDED-SSL", "on");
        return java.util.Collections.unmodifiableMap(headers);
    }

    private static String headerName(String name) throws BadValue {
        if (!TOKEN.matcher(name).matches()) {
            throw new BadValue("expected a header name", TomlText.string(name));
        }
        return name;
    }

    /** Workers read the pairs as {@code K=V,K=V}: a name must be a token, a value free of commas. */
    private static void headerPairs(Map<String, String> pairs, Context context) throws BadValue {
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            if (!TOKEN.matcher(pair.getKey()).matches()) {
                throw new BadValue("expected a header name", TomlText.string(pair.getKey()));
            }
            if (pair.getValue().isEmpty() || pair.getValue().contains(",")) {
                throw new BadValue("expected a header value without commas", TomlText.string(pair.getValue()));
            }
        }
    }
}
