package dev.jgu.arbiter.config;

import dev.jgu.protocol.settings.ConfigFileSettings;
import dev.jgu.protocol.settings.Context;
import dev.jgu.spi.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code jgu [OPTIONS] APP}: reads the command line, {@code JGU_CMD_ARGS}, the
 * environment's defaults and {@code jgu.conf} into a {@link Config}, and
 * handles everything that ends before serving: {@code --help},
 * {@code --version}, {@code --print-config}, {@code --check-config} and errors.
 */
public final class Cli {

    static final String NO_APP = "app: no application given (expected jgu [OPTIONS] APP, "
            + "or app = \"com.example.App\" in jgu.conf)";

    private static final String TRY_HELP = "Try 'jgu --help' for the options.";

    private Cli() {
    }

    /**
     * Parses argv with env ({@code JGU_CMD_ARGS}, {@code PORT}, {@code WEB_CONCURRENCY},
     * {@code FORWARDED_ALLOW_IPS}) and cwd ({@code ./jgu.conf}). Prints
     * {@code --help}, {@code --version}, {@code --print-config} and
     * {@code --check-config} output, and errors, itself.
     *
     * @param args the command line
     * @param env the environment
     * @param cwd the directory jgu was started in
     * @param out where help, versions and printed configuration go
     * @param err where errors go
     * @return what to do: exit with a status, or serve
     */
    public static Outcome parse(String[] args, Map<String, String> env, Path cwd, PrintStream out, PrintStream err) {
        Context context = new Context(cwd, env);
        CommandModel cli = new CommandModel();
        ParseResult parsed;
        try {
            parsed = cli.parse(args);
        } catch (CommandLine.ParameterException e) {
            return usageError("", e, err);
        }
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            return info(parsed, cli, out);
        }
        List<String> problems = new ArrayList<>();
        Layer cliLayer = cli.layer(parsed, Source.CLI, context, problems);
        boolean checking = parsed.hasMatchedOption("--check-config");
        Layer cmdArgs = Layer.EMPTY;
        String cmdArgsText = env.get("JGU_CMD_ARGS");
        if (cmdArgsText != null && !cmdArgsText.isBlank()) {
            CommandModel envModel = new CommandModel();
            ParseResult fromEnv;
            try {
                fromEnv = envModel.parse(ShellWords.split(cmdArgsText).toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                err.println("JGU_CMD_ARGS: " + e.getMessage());
                return new Outcome.Exit(ExitCodes.USAGE);
            } catch (CommandLine.ParameterException e) {
                return usageError("JGU_CMD_ARGS: ", e, err);
            }
            if (fromEnv.isUsageHelpRequested() || fromEnv.isVersionHelpRequested()) {
                return info(fromEnv, envModel, out);
            }
            cmdArgs = envModel.layer(fromEnv, Source.CMD_ARGS, context, problems);
            checking |= fromEnv.hasMatchedOption("--check-config");
        }
        Layer environment = Layer.environmentDefaults(context, problems);
        int failure = checking ? 1 : ExitCodes.USAGE;
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            return new Outcome.Exit(failure);
        }
        Config config;
        try {
            config = Config.resolve(new Config.Layers(context, environment, cmdArgs, cliLayer));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return new Outcome.Exit(checking ? 1 : e.exitCode());
        }
        return act(config, out, err);
    }

    /** Print and check as asked; otherwise serve. */
    private static Outcome act(Config config, PrintStream out, PrintStream err) {
        boolean print = config.get(ConfigFileSettings.PRINT_CONFIG);
        if (print) {
            out.print(ConfigPrintout.of(config));
        }
        if (config.get(ConfigFileSettings.CHECK_CONFIG)) {
            return new Outcome.Exit(AppCheck.run(config, out, err));
        }
        if (print) {
            return new Outcome.Exit(0);
        }
        if (config.app() == null) {
            err.println(NO_APP);
            return new Outcome.Exit(ExitCodes.USAGE);
        }
        return new Outcome.Serve(config);
    }

    private static Outcome info(ParseResult parsed, CommandModel model, PrintStream out) {
        out.print(parsed.isUsageHelpRequested() ? model.usage() : version());
        return new Outcome.Exit(0);
    }

    private static Outcome usageError(String prefix, CommandLine.ParameterException e, PrintStream err) {
        err.println(prefix + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(TRY_HELP);
        return new Outcome.Exit(ExitCodes.USAGE);
    }

    /** {@code jgu X} and the JVM running it, as {@code --version} prints them. */
    static String version() {
        return "jgu " + jguVersion() + "\n"
                + "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")\n";
    }

    /**
     * jgu's version: from the jar's manifest, else the Maven metadata in the jar.
     *
     * @return the version; {@code dev} when run from classes
     */
    public static String jguVersion() {
        String version = Cli.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try (InputStream in = Cli.class.getResourceAsStream("/META-INF/maven/dev.jgu/jgu-arbiter/pom.properties")) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                return pom.getProperty("version", "dev");
            }
        } catch (IOException e) {
            return "dev (" + e.getMessage() + ")";
        }
        return "dev";
    }
}
