package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.Context;
import dev.jgu.protocol.settings.JvmSettings;
import dev.jgu.protocol.settings.MechanicsSettings;
import dev.jgu.protocol.settings.Registry;
import dev.jgu.protocol.settings.Section;
import dev.jgu.protocol.settings.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Stack;

/**
 * The picocli command built from the registry: one option per setting, the
 * APP positional, {@code --help} and {@code --version}; help grouped by
 * section with defaults shown. A model parses once: picocli keeps the values
 * in the spec, so the command line and {@code JGU_CMD_ARGS} each get their own.
 */
final class CommandModel {

    private static final String FOOTER = """
            Every option is also a jgu.conf key: the long option in snake_case \
            (--graceful-timeout -> graceful_timeout) unless its help names another key. \
            JGU_CMD_ARGS holds options as on this command line. Precedence: defaults < jgu.conf \
            < JGU_CMD_ARGS < command line. %s set defaults, and so does -D in --jvm-opt for %s. \
            A setting marked "not yet supported" is accepted and checked but refused with a \
            non-default value. Reference: docs/settings.md. To steer a running jgu: jgu ctl help.""".formatted(SettingsDoc.aliases(Setting::envVar, "%s"),
            SettingsDoc.aliases(Setting::jvmProperty, "%2$s"));

    private final CommandLine commandLine;
    private final Map<Setting<?>, OptionSpec> options = new LinkedHashMap<>();
    private PositionalParamSpec app;
    private final List<String> jvmOpts = new ArrayList<>();

    CommandModel() {
        CommandSpec spec = CommandSpec.create().name("jgu");
        spec.usageMessage()
                .customSynopsis("jgu [OPTIONS] APP")
                .parameterListHeading("%nArguments:%n")
                .description("Java Green Unicorn: a pre-fork HTTP server for the JVM. An arbiter owns the sockets "
                        + "and supervises worker JVMs that serve APP.")
                .footerHeading("%n")
                .footer(escape(FOOTER))
                .sortOptions(false)
                .width(80);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        spec.addOption(OptionSpec.builder("-v", "--version").versionHelp(true)
                .description("Show the versions of jgu and of the JVM, and exit.").build());
        for (Setting<?> setting : Registry.all()) {
            if (setting.positional()) {
                app = PositionalParamSpec.builder().index("0").arity("0..1").paramLabel(setting.label())
                        .type(String.class).description(describe(setting)).build();
                spec.addPositional(app);
            } else {
                OptionSpec option = option(setting);
                options.put(setting, option);
                spec.addOption(option);
            }
        }
        commandLine = new CommandLine(spec);
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, this::sections);
    }

    ParseResult parse(String... args) {
        return commandLine.parseArgs(args);
    }

    String usage() {
        return commandLine.getUsageMessage(Help.Ansi.OFF);
    }

    /**
     * The values the parsed arguments give, each checked.
     *
     * @param problems where refused values are reported
     */
    Layer layer(ParseResult parsed, Source source, Context context, List<String> problems) {
        Layer.Builder layer = new Layer.Builder(context, problems);
        for (Map.Entry<Setting<?>, OptionSpec> e : options.entrySet()) {
            if (parsed.hasMatchedOption(e.getValue())) {
                add(layer, e.getKey(), e.getValue(), source);
            }
        }
        if (!jvmOpts.isEmpty()) {
            layer.parse(JvmSettings.JVM_OPTS, jvmOpts, source);
        }
        if (parsed.hasMatchedPositional(app)) {
            layer.parse(MechanicsSettings.APP, List.of(app.<String>getValue()), source);
        }
        return layer.build();
    }

    private static <T> void add(Layer.Builder layer, Setting<T> setting, OptionSpec option, Source source) {
        if (setting.flagValue() != null) {
            layer.put(setting, setting.flagValue(), source);
        } else if (setting.repeatable()) {
            layer.parse(setting, option.<List<String>>getValue(), source);
        } else {
            layer.parse(setting, List.of(option.<String>getValue()), source);
        }
    }

    private OptionSpec option(Setting<?> setting) {
        OptionSpec.Builder option = OptionSpec.builder(setting.flags().toArray(String[]::new)).description(describe(setting));
        if (setting.flagValue() != null) {
            option.arity("0").type(boolean.class);
        } else if (setting.repeatable()) {
            option.arity("1").type(List.class).auxiliaryTypes(String.class).paramLabel(setting.label());
            if (setting == JvmSettings.JVM_OPTS) {
                option.preprocessor(this::takeJvmOpt);
            }
        } else if (setting.fallback() != null) {
            option.arity("0..1").type(String.class).fallbackValue(setting.fallback()).paramLabel(setting.label());
        } else {
            option.arity("1").type(String.class).paramLabel(setting.label());
        }
        return option.build();
    }

    /**
     * A JVM option starts with a dash, and picocli refuses a value that looks
     * like one of jgu's own options ({@code -Dx=y} reads as {@code -D}): take the
     * next argument, whatever it looks like. picocli then counts the option as
     * unmatched, so the values are kept here.
     */
    private boolean takeJvmOpt(Stack<String> args, CommandSpec spec, ArgSpec arg, Map<String, Object> info) {
        if (args.isEmpty()) {
            return false;
        }
        jvmOpts.add(args.pop());
        return true;
    }

    /** The help line, then the default; picocli reads descriptions as format strings. */
    private static String[] describe(Setting<?> setting) {
        List<String> lines = new ArrayList<>();
        String help = setting.help();
        if (setting.pending() != null) {
            help += " Not yet supported (" + setting.pending() + ").";
        }
        lines.add(escape(help));
        String defaultText = setting.defaultText();
        if (setting.flagValue() == null && !defaultText.equals("unset") && !defaultText.equals("[]")) {
            lines.add(escape("Default: " + defaultText));
        }
        if (setting.fileKey() && !setting.positional() && !setting.name().equals(fileKeyOf(setting.flags()))) {
            lines.add("In jgu.conf: " + setting.name());
        }
        return lines.toArray(String[]::new);
    }

    /** The key a reader would guess from the long option: {@code --graceful-timeout} -> {@code graceful_timeout}. */
    static String fileKeyOf(List<String> flags) {
        String longest = flags.get(flags.size() - 1);
        return longest.replaceFirst("^--?", "").replace('-', '_');
    }

    private static String escape(String text) {
        return text.replace("%", "%%");
    }

    /** The option list, one block per section, in registry order. */
    private String sections(Help help) {
        StringBuilder out = new StringBuilder();
        List<OptionSpec> general = commandLine.getCommandSpec().options().stream().filter(o -> o.usageHelp() || o.versionHelp()).toList();
        out.append("%nGeneral:%n".formatted());
        out.append(help.optionListExcludingGroups(general, help.createDefaultLayout(), null, help.parameterLabelRenderer()));
        for (Section section : Section.values()) {
            List<OptionSpec> inSection = new ArrayList<>();
            options.forEach((setting, option) -> {
                if (setting.sectionEnum() == section) {
                    inSection.add(option);
                }
            });
            if (!inSection.isEmpty()) {
                out.append("%n%s:%n".formatted(section.title()));
                out.append(help.optionListExcludingGroups(inSection, help.createDefaultLayout(), null, help.parameterLabelRenderer()));
            }
        }
        return out.toString();
    }
}
