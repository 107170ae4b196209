package dev.jgu.protocol;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where {@code worker_tmp_dir} points: the setting, else {@code /dev/shm} when writable, else the system temp dir. */
public final class TmpDir {

    private TmpDir() {
    }

    /**
     * @param configured the {@code worker_tmp_dir} setting, or null/blank when unset
     * @return the directory
     */
    public static Path base(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
