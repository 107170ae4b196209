package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Every setting, in section order, and lookups by name. */
public final class Registry {

    private static final List<Setting<?>> ALL = Stream.of(
                    ConfigFileSettings.ALL, ServerSocketSettings.ALL, WorkerSettings.ALL, JvmSettings.ALL,
                    SecuritySettings.ALL, MechanicsSettings.ALL, WebAppSettings.ALL, LoggingSettings.ALL, MetricsSettings.ALL, ProcessNamingSettings.ALL,
                    DebuggingSettings.ALL, ControlSettings.ALL)
            .flatMap(List::stream)
            .toList();

    private static final Map<String, Setting<?>> BY_NAME = index();

    private Registry() {
    }

    /** @return every setting, grouped by section in the order help and docs show them */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** @return the setting with this {@code jgu.conf} name */
    public static Optional<Setting<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** @return whether {@code setting} is the registered one of its name */
    public static boolean contains(Setting<?> setting) {
        return BY_NAME.get(setting.name()) == setting;
    }

    /**
     * The setting someone most likely meant by an unknown key: a typo
     * ({@code gracefull_timeout}), a command-line spelling ({@code log-level},
     * {@code pid}) or a Gunicorn name ({@code preload_app}).
     *
     * @return the setting's name, or empty when nothing is close
     */
    public static Optional<String> nearest(String unknown) {
        String key = unknown.toLowerCase(Locale.ROOT).replace('-', '_');
        int tolerance = Math.max(2, key.length() / 4);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> setting : ALL) {
            if (!setting.fileKey()) {
                continue;
            }
            for (String candidate : spellings(setting)) {
                int d = distance(key, candidate);
                boolean close = d <= tolerance
                        || key.length() >= 4 && candidate.length() >= 4 && (candidate.contains(key) || key.contains(candidate));
                if (close && d < bestDistance) {
                    bestDistance = d;
                    best = setting.name();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<String> spellings(Setting<?> setting) {
        List<String> spellings = new ArrayList<>();
        spellings.add(setting.name());
        for (String flag : setting.flags()) {
            if (flag.startsWith("--")) {
                spellings.add(flag.substring(2).replace('-', '_'));
            }
        }
        return spellings;
    }

    /** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static Map<String, Setting<?>> index() {
        Map<String, Setting<?>> byName = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            if (byName.put(setting.name(), setting) != null) {
                throw new IllegalStateException("setting declared twice: " + setting.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }
}
