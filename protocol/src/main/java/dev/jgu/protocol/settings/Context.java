package dev.jgu.protocol.settings;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a configuration is resolved against: the directory jgu was started in
 * (relative paths, {@code ./jgu.conf}) and the environment variables it saw.
 *
 * @param cwd the working directory, absolute
 * @param env the environment
 * @param checkFiles whether checks look at files (directories exist, java is executable);
 *                   off only to validate a configuration meant for another machine
 */
public record Context(Path cwd, Map<String, String> env, boolean checkFiles) {

    public Context {
        cwd = cwd.toAbsolutePath().normalize();
        env = Map.copyOf(env);
    }

    /** A context whose checks look at files. */
    public Context(Path cwd, Map<String, String> env) {
        this(cwd, env, true);
    }

    /** A path as the user meant it: absolute, or relative to {@link #cwd}. */
    public Path resolve(String path) {
        return cwd.resolve(path).normalize();
    }
}
