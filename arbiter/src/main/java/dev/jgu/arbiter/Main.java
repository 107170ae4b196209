package dev.jgu.arbiter;

import dev.jgu.arbiter.config.Cli;
import dev.jgu.arbiter.config.Outcome;
import dev.jgu.protocol.settings.MechanicsSettings;

import java.nio.file.Path;

/**
 * {@code jgu [OPTIONS] APP}: the process a supervisor starts is this arbiter itself.
 * {@code jgu ctl ...} is the control client instead ({@link dev.jgu.arbiter.ctl.CtlMain};
 * bin/jgu starts that in a smaller JVM of its own).
 */
public final class Main {

    private Main() {
    }

    private static int serve(Outcome.Serve serve, String[] args) {
        Arbiter arbiter;
        try {
            arbiter = new Arbiter(serve.config(), java.util.List.of(args));
        } catch (IllegalArgumentException e) {
            // the logging settings (logconfig, syslog_addr) could not be used: nothing is logged yet
            System.err.println(e.getMessage());
            return dev.jgu.spi.ExitCodes.USAGE;
        }
        return arbiter.run();
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("ctl")) {
            dev.jgu.arbiter.ctl.CtlMain.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Outcome outcome = Cli.parse(args, System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err);
        int code = switch (outcome) {
            case Outcome.Exit exit -> exit.code();
            case Outcome.Serve serve -> serve.config().get(MechanicsSettings.DAEMON) && !Daemon.detached()
                    ? Daemon.detach(java.util.List.of(args))
                    : serve(serve, args);
        };
        System.out.flush();
        System.exit(code);
    }
}
