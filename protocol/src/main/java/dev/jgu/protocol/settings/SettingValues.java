package dev.jgu.protocol.settings;

import dev.jgu.spi.Settings;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The resolved value of every setting for one generation of workers. The
 * arbiter writes them to a file ({@link #write}); each worker reads the file
 * back ({@link #read}) and asks for values by the constants the registry
 * declares, {@code settings.get(WorkerSettings.TIMEOUT)}, so neither side
 * repeats a setting's name or default. As a {@link Settings} it is also the view
 * by name that apps and hooks get, each value in its canonical text.
 */
public final class SettingValues implements Settings {

    private final Map<Setting<?>, Object> values;
    private final Map<String, String> text;

    private SettingValues(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(values);
        Map<String, String> byName = new LinkedHashMap<>();
        values.forEach((setting, value) -> byName.put(setting.name(), textOf(setting, value)));
        this.text = Collections.unmodifiableMap(byName);
    }

    /**
     * @param values a value for each registered setting that has one; null values (unset settings) are left out
     * @return the values
     * @throws IllegalArgumentException when a setting is not the registered one of its name
     */
    public static SettingValues of(Map<Setting<?>, ?> values) {
        Map<Setting<?>, Object> set = new LinkedHashMap<>();
        values.forEach((setting, value) -> {
            requireRegistered(setting);
            if (value != null) {
                set.put(setting, value);
            }
        });
        return new SettingValues(set);
    }

    /**
     * The typed values behind a worker's settings view, for the worker classes.
     *
     * @param view what {@code WorkerContext.settings()} returned
     * @return the values
     * @throws IllegalArgumentException when the view was not made by jgu's worker runtime
     */
    public static SettingValues from(Settings view) {
        if (view instanceof SettingValues values) {
            return values;
        }
        throw new IllegalArgumentException("settings not read by jgu's worker runtime: " + view.getClass().getName());
    }

    /**
     * @param setting a registered setting
     * @return its value; null for a setting unset by default ({@code hooks}); the declared default
     *         for a setting the file did not hold, as only a file written by another version of jgu does not
     * @throws IllegalArgumentException when the setting is not in the registry
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        requireRegistered(setting);
        Object value = values.get(setting);
        return value != null || values.containsKey(setting) ? (T) value : setting.defaultValue();
    }

    @Override
    public String get(String name) {
        return text.get(name);
    }

    @Override
    public Set<String> names() {
        return text.keySet();
    }

    /**
     * Writes every value, each in its {@link ValueType#encode} form, as a properties file.
     *
     * @param file where
     * @param comment the file's first line
     * @throws IOException when the file cannot be written
     */
    public void write(Path file, String comment) throws IOException {
        Properties props = new Properties();
        values.forEach((setting, value) -> props.setProperty(setting.name(), encoded(setting, value)));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, comment);
        }
    }

    /**
     * Reads what {@link #write} wrote. A name the registry does not know is
     * skipped: it comes from another version of jgu, and nothing here can ask for it.
     *
     * @param file the settings file
     * @return the values
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException naming the setting when a value does not decode
     */
    public static SettingValues read(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Registry.all()) {
            String encoded = props.getProperty(setting.name());
            if (encoded != null) {
                try {
                    values.put(setting, setting.type().decode(encoded));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(setting.name() + ": cannot read " + TomlText.string(encoded)
                            + " from " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return new SettingValues(values);
    }

    private static void requireRegistered(Setting<?> setting) {
        if (!Registry.contains(setting)) {
            throw new IllegalArgumentException("setting " + setting.name() + " is not in the registry");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> String textOf(Setting<T> setting, Object value) {
        return setting.type().text((T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T> String encoded(Setting<T> setting, Object value) {
        return setting.type().encode((T) value);
    }
}
