package dev.jgu.workers.runtime;

import dev.jgu.http.ConnectionInfo;
import dev.jgu.http.HeaderMap;
import dev.jgu.http.HttpConfig;
import dev.jgu.http.ProxyProtocol;
import dev.jgu.protocol.settings.Context;
import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.SecuritySettings;
import dev.jgu.protocol.settings.Setting;
import dev.jgu.protocol.settings.SettingValues;
import dev.jgu.protocol.settings.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpSettingsTest {

    private static Map<Setting<?>, Object> defaults() {
        Context context = new Context(Path.of("/srv"), Map.of());
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Registry.all().forEach(setting -> values.put(setting, setting.defaultFor(context)));
        return values;
    }

    private static ConnectionInfo peer(String address) {
        return new ConnectionInfo(address, 40000, "127.0.0.1", 8000, false);
    }

    @Test
    void theRegistryDefaultsAreTheCodecDefaults() {
        HttpConfig fromSettings = HttpSettings.config(SettingValues.of(defaults()));
        HttpConfig codec = HttpConfig.defaults();
        assertEquals(codec.limitRequestLine(), fromSettings.limitRequestLine());
        assertEquals(codec.limitRequestFields(), fromSettings.limitRequestFields());
        assertEquals(codec.limitRequestFieldSize(), fromSettings.limitRequestFieldSize());
        assertEquals(codec.permitObsoleteFolding(), fromSettings.permitObsoleteFolding());
        assertEquals(codec.stripHeaderSpaces(), fromSettings.stripHeaderSpaces());
        assertEquals(codec.permitUnconventionalMethod(), fromSettings.permitUnconventionalMethod());
        assertEquals(codec.casefoldMethod(), fromSettings.casefoldMethod());
        assertEquals(codec.permitNonAsciiTarget(), fromSettings.permitNonAsciiTarget());
        assertEquals(codec.headerMap(), fromSettings.headerMap());
        assertEquals(codec.forwardedAllowIps().toString(), fromSettings.forwardedAllowIps().toString());
        assertEquals(codec.proxyAllowIps().toString(), fromSettings.proxyAllowIps().toString());
        assertEquals(codec.proxyProtocol(), fromSettings.proxyProtocol());
    }

    @Test
    void eachSecuritySettingReachesTheCodec() {
        Map<Setting<?>, Object> values = defaults();
        values.put(SecuritySettings.LIMIT_REQUEST_LINE, 20);
        values.put(SecuritySettings.LIMIT_REQUEST_FIELDS, 0);
        values.put(SecuritySettings.STRIP_HEADER_SPACES, true);
        values.put(SecuritySettings.HEADER_MAP, "refuse");
        values.put(SecuritySettings.PROXY_PROTOCOL, "v2");
        values.put(SecuritySettings.FORWARDED_ALLOW_IPS, List.of("10.0.0.0/8"));
        HttpConfig config = HttpSettings.config(SettingValues.of(values));
        assertEquals(20, config.limitRequestLine());
        assertEquals(HttpConfig.MAX_HEADERS, config.limitRequestFields());
        assertTrue(config.stripHeaderSpaces());
        assertEquals(HeaderMap.REFUSE, config.headerMap());
        assertEquals(ProxyProtocol.V2, config.proxyProtocol());
        assertTrue(config.trustsForwarded(peer("10.1.2.3")));
        assertFalse(config.trustsForwarded(peer("127.0.0.1")));
    }

    @Test
    void theRequestDeadlinesReachTheCodec() {
        HttpConfig byDefault = HttpSettings.config(SettingValues.of(defaults()));
        assertEquals(Duration.ofSeconds(20).toNanos(), byDefault.headerTimeoutNanos());
        assertEquals(Duration.ofSeconds(20).toNanos(), byDefault.bodyTimeoutNanos());
        assertEquals(500, byDefault.bodyMinRate());

        Map<Setting<?>, Object> values = defaults();
        values.put(WorkerSettings.HEADER_TIMEOUT, 3);
        values.put(WorkerSettings.BODY_TIMEOUT, 0);
        values.put(WorkerSettings.BODY_MIN_RATE, 0);
        HttpConfig config = HttpSettings.config(SettingValues.of(values));
        assertEquals(Duration.ofSeconds(3).toNanos(), config.headerTimeoutNanos());
        assertEquals(0, config.bodyTimeoutNanos());
        assertEquals(0, config.bodyMinRate());
    }
}
