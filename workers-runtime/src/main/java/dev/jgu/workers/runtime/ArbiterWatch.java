package dev.jgu.workers.runtime;

import dev.jgu.protocol.InheritedFds;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Notices the arbiter's death. The worker holds the read end of a pipe whose
 * write end only the arbiter keeps; when the arbiter dies, for any reason, the
 * kernel closes that end and the read returns EOF (about 12 ms after a
 * {@code kill -9}). {@code PR_SET_PDEATHSIG} is no substitute: it fires when the
 * spawning thread exits, not the process.
 */
final class ArbiterWatch {

    private ArbiterWatch() {
    }

    /**
     * Starts a daemon thread that runs {@code onDeath} when the pipe reaches EOF.
     *
     * @param fd the read end of the arbiter pipe
     * @param onDeath what to do then
     * @throws IOException when the fd cannot be opened
     */
    static void start(int fd, Runnable onDeath) throws IOException {
        InputStream pipe = new FileInputStream(InheritedFds.descriptor(fd));
        Thread watcher = new Thread(() -> {
            try {
                while (pipe.read() >= 0) {
                    // the arbiter never writes; any byte is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as EOF
            }
            onDeath.run();
        }, "jgu-arbiter-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
