package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.ConfigFileSettings;
import dev.jgu.protocol.settings.Context;
import dev.jgu.protocol.settings.JvmSettings;
import dev.jgu.protocol.settings.MechanicsSettings;
import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Setting;
import dev.jgu.protocol.settings.SettingValues;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A resolved and validated configuration: for every setting, the value from the
 * highest of defaults < {@code -D} properties in {@code jvm_opts} ({@code jgu.async.loops})
 * < environment defaults ({@code PORT}, {@code WEB_CONCURRENCY}) < {@code jgu.conf}
 * < {@code JGU_CMD_ARGS} < command line, and where it came from. Immutable; a HUP builds a new one with {@link #reload()}.
 */
public final class Config {

    /** The layers other than the file, kept as at start so that a HUP re-reads only {@code jgu.conf}. */
    record Layers(Context context, Layer environment, Layer cmdArgs, Layer cli) {
    }

    private final Map<Setting<?>, Layer.Entry> values;
    private final Path configFile;
    private final Layers layers;

    private Config(Map<Setting<?>, Layer.Entry> values, Path configFile, Layers layers) {
        this.values = values;
        this.configFile = configFile;
        this.layers = layers;
    }

    /** Reads the config file the layers point to (if any) and resolves every setting. */
    static Config resolve(Layers layers) throws ConfigException {
        Context context = layers.context();
        Layer.Entry explicit = layers.cli().get(ConfigFileSettings.CONFIG);
        explicit = explicit != null ? explicit : layers.cmdArgs().get(ConfigFileSettings.CONFIG);
        Path file;
        Layer fileLayer = Layer.EMPTY;
        if (explicit != null) {
            file = context.resolve((String) explicit.value());
            fileLayer = ConfigFile.read(file, context, explicit.source());
        } else {
            file = context.cwd().resolve("jgu.conf");
            if (Files.isRegularFile(file)) {
                fileLayer = ConfigFile.read(file, context, Source.DEFAULT);
            } else {
                file = null;
            }
        }
        List<Layer> highestFirst = new ArrayList<>(List.of(layers.cli(), layers.cmdArgs(), fileLayer, layers.environment()));
        List<String> problems = new ArrayList<>();
        highestFirst.add(Layer.jvmProperties(pick(JvmSettings.JVM_OPTS, highestFirst, context), context, problems));
        Map<Setting<?>, Layer.Entry> values = new LinkedHashMap<>();
        for (Setting<?> setting : Registry.all()) {
            values.put(setting, pick(setting, highestFirst, context));
        }
        if (explicit == null && file != null) {
            values.put(ConfigFileSettings.CONFIG, new Layer.Entry(file.toString(), Source.DEFAULT));
        }
        values.forEach((setting, entry) -> {
            if (setting.pending() != null && !Objects.equals(entry.value(), setting.defaultFor(context))) {
                problems.add(setting.name() + ": not yet supported in this version of jgu (" + setting.pending() + "), set in "
                        + entry.source().detail());
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(Collections.unmodifiableMap(values), file, layers);
    }

    private static Layer.Entry pick(Setting<?> setting, List<Layer> highestFirst, Context context) {
        for (Layer layer : highestFirst) {
            Layer.Entry entry = layer.get(setting);
            if (entry != null) {
                return entry;
            }
        }
        return new Layer.Entry(setting.defaultFor(context), Source.DEFAULT);
    }

    /**
     * @param setting any registered setting
     * @return its value; null only for a setting unset by default ({@code pidfile})
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting).value();
    }

    /** @return the app to serve; null only when none was given (possible with {@code --print-config}) */
    public String app() {
        return get(MechanicsSettings.APP);
    }

    /** @return {@code default}, {@code jgu.conf:7} (the file's own name), {@code env} or {@code cli} */
    public String sourceOf(Setting<?> setting) {
        return values.get(setting).source().label();
    }

    /**
     * Every setting with a value, as the workers of a generation read them
     * (through the same constants, or by name through {@code dev.jgu.spi.Settings}:
     * numbers and booleans as text, lists comma-joined, tables as {@code K=V,K=V}).
     * Unset settings are absent.
     */
    public SettingValues values() {
        Map<Setting<?>, Object> set = new LinkedHashMap<>();
        values.forEach((setting, entry) -> set.put(setting, entry.value()));
        return SettingValues.of(set);
    }

    /** @return the config file read, or null when there was none */
    public Path configFile() {
        return configFile;
    }

    /**
     * Re-reads the config file (for HUP). The environment, {@code JGU_CMD_ARGS}
     * and the command line count as they did at start.
     *
     * @return the new configuration
     * @throws ConfigException when the file no longer reads or validates; keep this one then
     */
    public Config reload() throws ConfigException {
        return resolve(layers);
    }

    /**
     * @param newer the configuration after a HUP
     * @return names of settings that differ but need a restart to apply, in registry order
     */
    public List<String> restartOnlyChanges(Config newer) {
        List<String> names = new ArrayList<>();
        for (Setting<?> setting : Registry.all()) {
            if (!setting.reloadable() && !Objects.equals(get(setting), newer.get(setting))) {
                names.add(setting.name());
            }
        }
        return names;
    }

    Context context() {
        return layers.context();
    }

    /** The value as a TOML literal, or null when unset: what {@code --print-config} shows. */
    public String toml(Setting<?> setting) {
        Object value = get(setting);
        return value == null ? null : tomlOf(setting, value);
    }

    @SuppressWarnings("unchecked")
    private static <T> String tomlOf(Setting<T> setting, Object value) {
        return setting.type().toml((T) value);
    }
}
