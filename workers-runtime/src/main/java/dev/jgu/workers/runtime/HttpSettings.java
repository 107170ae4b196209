package dev.jgu.workers.runtime;

import dev.jgu.http.AddressMatcher;
import dev.jgu.http.HeaderMap;
import dev.jgu.http.HttpConfig;
import dev.jgu.http.ProxyProtocol;
import dev.jgu.protocol.settings.SecuritySettings;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.protocol.settings.WorkerSettings;

import java.time.Duration;

import java.util.Locale;

/**
 * The codec's policy from the Security settings and the request deadlines, for every worker
 * class that serves HTTP/1.1 with {@code dev.jgu.http}.
 */
public final class HttpSettings {

    private HttpSettings() {
    }

    /**
     * @param settings the generation's settings
     * @return the policy
     * @throws IllegalArgumentException naming the setting when the codec cannot use a value
     */
    public static HttpConfig config(SettingValues settings) {
        return HttpConfig.builder()
                .limitRequestLine(settings.get(SecuritySettings.LIMIT_REQUEST_LINE))
                .limitRequestFields(settings.get(SecuritySettings.LIMIT_REQUEST_FIELDS))
                .limitRequestFieldSize(settings.get(SecuritySettings.LIMIT_REQUEST_FIELD_SIZE))
                .limitRequestBody(settings.get(SecuritySettings.LIMIT_REQUEST_BODY))
                .permitObsoleteFolding(settings.get(SecuritySettings.PERMIT_OBSOLETE_FOLDING))
                .stripHeaderSpaces(settings.get(SecuritySettings.STRIP_HEADER_SPACES))
                .permitUnconventionalMethod(settings.get(SecuritySettings.PERMIT_UNCONVENTIONAL_HTTP_METHOD))
                .casefoldMethod(settings.get(SecuritySettings.CASEFOLD_HTTP_METHOD))
                .permitNonAsciiTarget(settings.get(SecuritySettings.PERMIT_NON_ASCII_TARGET))
                .headerMap(HeaderMap.valueOf(upper(settings.get(SecuritySettings.HEADER_MAP))))
                .forwardedAllowIps(AddressMatcher.of(SecuritySettings.FORWARDED_ALLOW_IPS.name(),
                        settings.get(SecuritySettings.FORWARDED_ALLOW_IPS)))
                .proxyAllowIps(AddressMatcher.of(SecuritySettings.PROXY_ALLOW_IPS.name(), settings.get(SecuritySettings.PROXY_ALLOW_IPS)))
                .secureSchemeHeaders(settings.get(SecuritySettings.SECURE_SCHEME_HEADERS))
                .forwarderHeaders(settings.get(SecuritySettings.FORWARDER_HEADERS))
                .proxyProtocol(ProxyProtocol.valueOf(upper(settings.get(SecuritySettings.PROXY_PROTOCOL))))
                .headerTimeout(Duration.ofSeconds(settings.get(WorkerSettings.HEADER_TIMEOUT)))
                .bodyTimeout(Duration.ofSeconds(settings.get(WorkerSettings.BODY_TIMEOUT)),
                        settings.get(WorkerSettings.BODY_MIN_RATE))
                .build();
    }

    /** The choices are the enums' names in lower case ({@code drop}, {@code v2}). */
    private static String upper(String choice) {
        return choice.toUpperCase(Locale.ROOT);
    }
}
