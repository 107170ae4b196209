package dev.jgu.spi;

import java.nio.file.Path;

/**
 * What an {@link AppAdapter} is given to build a handler: the worker's log and settings, the
 * class loader the app was named in, and the directory for the worker's own files.
 *
 * @param log the worker's error log
 * @param settings the resolved settings
 * @param loader the loader over the {@code classpath} setting (jgu's own when it is empty)
 * @param tmpDir the {@code worker_tmp_dir}: where adapters keep unpacked archives and shared state
 */
public record AppEnvironment(Log log, Settings settings, ClassLoader loader, Path tmpDir) {
}
