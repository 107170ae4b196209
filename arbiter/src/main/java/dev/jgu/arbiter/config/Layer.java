package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.BadValue;
import dev.jgu.protocol.settings.Context;
import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Setting;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values one source gives: the environment's defaults, {@code jgu.conf},
 * {@code JGU_CMD_ARGS} or the command line. Every value in a layer has already
 * been read and checked.
 */
final class Layer {

    /** A value and where it came from. */
    record Entry(Object value, Source source) {
    }

    static final Layer EMPTY = new Layer(Map.of());

    private final Map<Setting<?>, Entry> entries;

    private Layer(Map<Setting<?>, Entry> entries) {
        this.entries = entries;
    }

    Entry get(Setting<?> setting) {
        return entries.get(setting);
    }

    Map<Setting<?>, Entry> entries() {
        return entries;
    }

    /** Collects checked values; problems gather instead of stopping at the first. */
    static final class Builder {
        private final Context context;
        private final Map<Setting<?>, Entry> entries = new LinkedHashMap<>();
        private final List<String> problems;

        /** @param problems where to add a message per refused value */
        Builder(Context context, List<String> problems) {
            this.context = context;
            this.problems = problems;
        }

        /** Reads command-line texts (one per occurrence) for {@code setting}. */
        <T> void parse(Setting<T> setting, List<String> texts, Source source) {
            try {
                put(setting, setting.type().parseAll(texts), source);
            } catch (BadValue bad) {
                problems.add(bad.describe(setting.name(), source.detail()));
            }
        }

        /** Checks and adds an already-typed value (an option that takes no argument). */
        <T> void put(Setting<T> setting, T value, Source source) {
            try {
                entries.put(setting, new Entry(setting.verify(value, context), source));
            } catch (BadValue bad) {
                problems.add(bad.describe(setting.name(), source.detail()));
            }
        }

        /** Reads a {@code jgu.conf} value. */
        <T> void read(Setting<T> setting, com.fasterxml.jackson.databind.JsonNode node, Source source) {
            try {
                put(setting, TomlValue.read(setting.type(), node), source);
            } catch (BadValue bad) {
                problems.add(bad.describe(setting.name(), source.detail()));
            }
        }

        Layer build() {
            return new Layer(Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
        }
    }

    /** The defaults some environment variables supply, as in Gunicorn: {@code PORT}, {@code WEB_CONCURRENCY}. */
    static Layer environmentDefaults(Context context, List<String> problems) {
        Builder layer = new Builder(context, problems);
        for (Setting<?> setting : Registry.all()) {
            String variable = setting.envVar();
            String value = variable == null ? null : context.env().get(variable);
            if (value != null && !value.isBlank()) {
                layer.parse(setting, List.of(setting.envText(value.trim())), Source.envVar(variable));
            }
        }
        return layer.build();
    }

    /**
     * The defaults {@code -Dproperty=VALUE} in {@code jvm_opts} supplies for a setting
     * that was a worker JVM system property before ({@code jgu.async.loops}). The last
     * occurrence counts, as in the JVM.
     *
     * @param jvmOpts the resolved {@code jvm_opts} and where they came from
     */
    @SuppressWarnings("unchecked")
    static Layer jvmProperties(Entry jvmOpts, Context context, List<String> problems) {
        Builder layer = new Builder(context, problems);
        for (Setting<?> setting : Registry.all()) {
            if (setting.jvmProperty() == null) {
                continue;
            }
            String prefix = "-D" + setting.jvmProperty() + "=";
            String value = null;
            for (String opt : (List<String>) jvmOpts.value()) {
                value = opt.startsWith(prefix) ? opt.substring(prefix.length()) : value;
            }
            if (value != null) {
                Source source = new Source(jvmOpts.source().label(),
                        "jvm_opts -D" + setting.jvmProperty() + ", " + jvmOpts.source().detail());
                layer.parse(setting, List.of(value), source);
            }
        }
        return layer.build();
    }
}
