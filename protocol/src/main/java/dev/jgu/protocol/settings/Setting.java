package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One setting, declared once: everything else (command-line options, the
 * {@code jgu.conf} key, {@code JGU_CMD_ARGS}, {@code --print-config}, the text
 * workers read, {@code docs/settings.md}) is derived from this declaration.
 * Constants live in one class per section ({@link WorkerSettings} ...), where
 * building one registers it; the arbiter and the workers read a value through
 * the same constant.
 *
 * @param <T> the value type: {@code Integer}, {@code Boolean}, {@code String},
 *            {@code List<String>} or {@code Map<String, String>}
 */
public final class Setting<T> {

    private final String name;
    private final Section section;
    private final ValueType<T> type;
    private final T defaultValue;
    private final Function<Context, T> contextDefault;
    private final String defaultText;
    private final String envVar;
    private final UnaryOperator<String> envText;
    private final String jvmProperty;
    private final List<Check<? super T>> checks;
    private final List<String> flags;
    private final String label;
    private final boolean repeatable;
    private final T flagValue;
    private final String fallback;
    private final boolean positional;
    private final boolean fileKey;
    private final boolean reloadable;
    private final String help;
    private final String doc;
    private final String pending;
    private final String example;

    private Setting(Builder<T> b) {
        this.name = b.name;
        this.section = b.section;
        this.type = b.type;
        this.defaultValue = b.defaultValue;
        this.contextDefault = b.contextDefault;
        this.defaultText = b.defaultText;
        this.envVar = b.envVar;
        this.envText = b.envText;
        this.jvmProperty = b.jvmProperty;
        this.checks = List.copyOf(b.checks);
        this.flags = List.copyOf(b.flags);
        this.label = b.label;
        this.repeatable = b.repeatable;
        this.flagValue = b.flagValue;
        this.fallback = b.fallback;
        this.positional = b.positional;
        this.fileKey = b.fileKey;
        this.reloadable = b.reloadable;
        this.help = Objects.requireNonNull(b.help, "help of " + b.name);
        this.doc = b.doc == null ? "" : b.doc;
        this.pending = b.pending;
        this.example = b.example;
    }

    /**
     * @param declared where the setting goes once built: its section class's list, which
     *                 {@link Registry} reads, so that declaring a setting registers it
     */
    static <T> Builder<T> builder(Section section, String name, ValueType<T> type, Consumer<Setting<?>> declared) {
        return new Builder<>(section, name, type, declared);
    }

    /** @return the {@code jgu.conf} key and the name workers see, snake_case ({@code graceful_timeout}) */
    public String name() {
        return name;
    }

    /** @return the section title ({@code Worker Processes}) */
    public String section() {
        return section.title();
    }

    /** @return whether a HUP applies a new value; otherwise a change waits for a restart */
    public boolean reloadable() {
        return reloadable;
    }

    /** @return one line of help, as {@code jgu --help} shows it */
    public String help() {
        return help;
    }

    /** @return the longer explanation in {@code docs/settings.md}; may be empty */
    public String doc() {
        return doc;
    }

    /** @return the command-line names, e.g. {@code -w} and {@code --workers}; empty for the APP positional */
    public List<String> flags() {
        return flags;
    }

    /** @return the built-in default; null when unset by default or derived from the environment */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * @return what this version of jgu still lacks for this setting (e.g.
     *         {@code daemon mode}), or null when it works. A pending setting is
     *         accepted and validated, but a non-default value is refused.
     */
    public String pending() {
        return pending;
    }

    /** @return the value type as the docs name it */
    public String typeName() {
        return type.describe();
    }

    @Override
    public String toString() {
        return name;
    }

    /** @return the section, for grouping in help and docs */
    public Section sectionEnum() {
        return section;
    }

    /** @return how values are read and written */
    public ValueType<T> type() {
        return type;
    }

    /** @return the option's argument as help shows it ({@code INT}), or the positional's name */
    public String label() {
        return label;
    }

    /** @return whether the option may be given many times */
    public boolean repeatable() {
        return repeatable;
    }

    /** @return the value an argument-less option sets ({@code --preload}, {@code --no-sendfile}), or null */
    public T flagValue() {
        return flagValue;
    }

    /** @return the value an option given without its optional argument means, or null when the argument is required */
    public String fallback() {
        return fallback;
    }

    /** @return whether this is the command line's positional parameter ({@code APP}) */
    public boolean positional() {
        return positional;
    }

    /** @return false for a setting only the command line and {@code JGU_CMD_ARGS} may give ({@code config}) */
    public boolean fileKey() {
        return fileKey;
    }

    /** @return the environment variable whose text, when set, replaces the built-in default; or null */
    public String envVar() {
        return envVar;
    }

    /** The value an environment variable's text stands for ({@code PORT=5000} -> {@code 0.0.0.0:5000}). */
    public String envText(String value) {
        return envText.apply(value);
    }

    /**
     * @return the worker JVM system property that older versions of jgu read instead of
     *         this setting ({@code jgu.async.loops}), which {@code -D} in {@code jvm_opts}
     *         still sets as a default; or null
     */
    public String jvmProperty() {
        return jvmProperty;
    }

    /** @return the default for docs and help: the value as TOML, or a phrase */
    public String defaultText() {
        if (defaultText != null) {
            return defaultText;
        }
        return defaultValue == null ? "unset" : type.toml(defaultValue);
    }

    /** @return whether {@link #defaultText()} is the default value as TOML rather than a phrase */
    public boolean defaultIsValue() {
        return defaultText == null && defaultValue != null;
    }

    /** @return the default where jgu runs: the built-in one, or one derived from the context ({@code chdir}) */
    public T defaultFor(Context context) {
        return contextDefault != null ? contextDefault.apply(context) : defaultValue;
    }

    /**
     * @return a TOML value for the docs and the sample {@code jgu.conf}: the
     *         declared example, else the default; null when neither exists
     */
    public String exampleToml() {
        if (example != null) {
            return example;
        }
        return defaultValue == null ? null : type.toml(defaultValue);
    }

    /** Runs every check on a value read from some layer; the value comes back as is. */
    public T verify(T value, Context context) throws BadValue {
        for (Check<? super T> check : checks) {
            if (context.checkFiles() || !check.onFileSystem()) {
                check.verify(value, context);
            }
        }
        return value;
    }

    /** Builds a {@link Setting}; see the section classes for use. */
    static final class Builder<T> {
        private final Section section;
        private final String name;
        private final ValueType<T> type;
        private final Consumer<Setting<?>> declared;
        private T defaultValue;
        private Function<Context, T> contextDefault;
        private String defaultText;
        private String envVar;
        private UnaryOperator<String> envText;
        private String jvmProperty;
        private final List<Check<? super T>> checks = new ArrayList<>();
        private final List<String> flags = new ArrayList<>();
        private String label = "VALUE";
        private boolean repeatable;
        private T flagValue;
        private String fallback;
        private boolean positional;
        private boolean fileKey = true;
        private boolean reloadable;
        private String help;
        private String doc;
        private String pending;
        private String example;

        private Builder(Section section, String name, ValueType<T> type, Consumer<Setting<?>> declared) {
            this.section = section;
            this.name = name;
            this.type = type;
            this.declared = declared;
        }

        /** Command-line names; the last is the long one, kebab-case. */
        Builder<T> flags(String... names) {
            flags.addAll(List.of(names));
            return this;
        }

        /** The option's argument as help shows it ({@code INT}, {@code ADDRESS}). */
        Builder<T> label(String label) {
            this.label = label;
            return this;
        }

        /** The option may be given many times; list items and table entries add up. */
        Builder<T> repeatable() {
            this.repeatable = true;
            return this;
        }

        /** The option takes no argument and sets this value. */
        Builder<T> flag(T value) {
            this.flagValue = value;
            return this;
        }

        /** The option's argument is optional; alone it means {@code value}. */
        Builder<T> optionalArgument(String value) {
            this.fallback = value;
            return this;
        }

        /** The command line's positional parameter ({@code APP}). */
        Builder<T> positional(String label) {
            this.positional = true;
            this.label = label;
            return this;
        }

        Builder<T> commandLineOnly() {
            this.fileKey = false;
            return this;
        }

        Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /** A default that depends on where jgu runs; {@code text} describes it in docs and help. */
        Builder<T> defaultFrom(Function<Context, T> value, String text) {
            this.contextDefault = value;
            this.defaultText = text;
            return this;
        }

        /** How docs and help describe the default, when the value alone would mislead. */
        Builder<T> defaultText(String text) {
            this.defaultText = text;
            return this;
        }

        /** When {@code variable} is set, its text (through {@code toText}) replaces the built-in default. */
        Builder<T> envDefault(String variable, UnaryOperator<String> toText) {
            this.envVar = variable;
            this.envText = toText;
            return this;
        }

        /**
         * When {@code jvm_opts} holds {@code -Dproperty=VALUE}, the value replaces the built-in
         * default: the system property that set this before it was a setting.
         */
        Builder<T> jvmProperty(String property) {
            this.jvmProperty = property;
            return this;
        }

        Builder<T> check(Check<? super T> check) {
            checks.add(check);
            return this;
        }

        /** A HUP applies a new value (to the next generation of workers). */
        Builder<T> reloadable() {
            this.reloadable = true;
            return this;
        }

        Builder<T> help(String line) {
            this.help = line;
            return this;
        }

        Builder<T> doc(String text) {
            this.doc = text;
            return this;
        }

        /** A value to show in the docs and the sample {@code jgu.conf}, as TOML, when the default is unset or a phrase. */
        Builder<T> example(String toml) {
            this.example = toml;
            return this;
        }

        /**
         * Marks a setting declared ahead of its behaviour: {@code what} names the
         * missing piece. Remove the call when the feature lands.
         */
        Builder<T> pending(String what) {
            this.pending = what;
            return this;
        }

        Setting<T> build() {
            Setting<T> setting = new Setting<>(this);
            declared.accept(setting);
            return setting;
        }
    }
}
