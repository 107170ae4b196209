package dev.jgu.arbiter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The arbiter's private directory under {@code worker_tmp_dir} (tmpfs
 * {@code /dev/shm} by default, as Gunicorn's FAQ advises: a disk-backed
 * heartbeat can block): the scoreboard, each generation's settings, and the
 * workers' boot-error notes. Mode 0700; removed at exit.
 */
final class RunDir {

    private final Path dir;

    private RunDir(Path dir) {
        this.dir = dir;
    }

    static RunDir create(String configured, long arbiterPid) throws IOException {
        Path base = dev.jgu.protocol.TmpDir.base(configured);
        Path dir = Files.createTempDirectory(base, "jgu-" + arbiterPid + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new RunDir(dir);
    }

    Path path() {
        return dir;
    }

    Path scoreboard() {
        return dir.resolve("scoreboard");
    }

    Path settings(int generation) {
        return dir.resolve("settings-" + generation + ".properties");
    }

    Path bootError(int age) {
        return dir.resolve("boot-error-" + age + ".txt");
    }

    /** @param log where a directory that cannot be removed is said */
    void delete(dev.jgu.protocol.ErrorLog log) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("worker_tmp_dir: cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
