package dev.jgu.protocol.settings;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code header_timeout}, {@code body_timeout} and {@code body_min_rate}: declared, defaulted, validated. */
class RequestDeadlineSettingsTest {

    private static final Context CONTEXT = new Context(Path.of("/srv"), Map.of());
    private static final List<Setting<Integer>> DEADLINES =
            List.of(WorkerSettings.HEADER_TIMEOUT, WorkerSettings.BODY_TIMEOUT, WorkerSettings.BODY_MIN_RATE);

    @Test
    void theDefaultsAreNginxLikeBoundsNotOff() {
        assertEquals(20, WorkerSettings.HEADER_TIMEOUT.defaultFor(CONTEXT));
        assertEquals(20, WorkerSettings.BODY_TIMEOUT.defaultFor(CONTEXT));
        assertEquals(500, WorkerSettings.BODY_MIN_RATE.defaultFor(CONTEXT));
        assertEquals(List.of("--header-timeout"), WorkerSettings.HEADER_TIMEOUT.flags());
        assertEquals(List.of("--body-timeout"), WorkerSettings.BODY_TIMEOUT.flags());
        assertEquals(List.of("--body-min-rate"), WorkerSettings.BODY_MIN_RATE.flags());
    }

    @Test
    void aNegativeValueIsRefusedNamingTheSettingAndTheValue() {
        for (Setting<Integer> setting : DEADLINES) {
            BadValue bad = assertThrows(BadValue.class, () -> setting.verify(-1, CONTEXT));
            assertEquals(setting.name() + ": must be >= 0, got -1 (cli)", bad.describe(setting.name(), "cli"));
        }
    }

    @Test
    void aValueThatIsNoIntegerIsRefusedNamingIt() {
        for (Setting<Integer> setting : DEADLINES) {
            BadValue bad = assertThrows(BadValue.class, () -> setting.type().parse("2.5"));
            assertEquals(setting.name() + ": expected an integer, got \"2.5\" (jgu.conf:3)",
                    bad.describe(setting.name(), "jgu.conf:3"));
        }
    }

    @Test
    void zeroTurnsEachOff() throws BadValue {
        for (Setting<Integer> setting : DEADLINES) {
            assertEquals(0, setting.verify(0, CONTEXT));
        }
    }
}
