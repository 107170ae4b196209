package dev.jgu.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resolved settings, as a worker sees them: keyed by their {@code jgu.conf}
 * names ({@code graceful_timeout}), each in its canonical text form. The arbiter
 * resolved and validated every value; this view only reads.
 */
public interface Settings {

    /**
     * The value of a setting.
     *
     * @param name the {@code jgu.conf} name
     * @return its text form, or {@code null} when unset
     */
    String get(String name);

    /** @return every setting name that has a value */
    Set<String> names();

    /**
     * @param name the setting
     * @param fallback used when unset
     * @return the value as a string
     */
    default String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /**
     * @param name the setting
     * @param fallback used when unset
     * @return the value as an int
     */
    default int getInt(String name, int fallback) {
        String v = get(name);
        return v == null || v.isEmpty() ? fallback : Integer.parseInt(v.trim());
    }

    /**
     * @param name the setting
     * @param fallback used when unset
     * @return the value as a boolean
     */
    default boolean getBoolean(String name, boolean fallback) {
        String v = get(name);
        return v == null || v.isEmpty() ? fallback : Boolean.parseBoolean(v.trim());
    }

    /**
     * A list setting, stored comma-separated (items never contain commas).
     *
     * @param name the setting
     * @return the items; empty when unset
     */
    default List<String> getList(String name) {
        String v = get(name);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return List.of(v.split("\\s*,\\s*"));
    }

    /**
     * A map setting, stored as {@code KEY=VALUE,KEY=VALUE}.
     *
     * @param name the setting
     * @return the entries, in order; empty when unset
     */
    default Map<String, String> getMap(String name) {
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        for (String item : getList(name)) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                map.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
            }
        }
        return map;
    }

    /**
     * A view over a plain map.
     *
     * @param values setting name to text value
     * @return the view
     */
    static Settings of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Settings() {
            @Override
            public String get(String name) {
                return copy.get(name);
            }

            @Override
            public Set<String> names() {
                return copy.keySet();
            }
        };
    }
}
