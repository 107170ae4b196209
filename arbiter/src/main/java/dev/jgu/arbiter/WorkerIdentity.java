package dev.jgu.arbiter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The user and group workers run as ({@code user}, {@code group},
 * {@code initgroups}). A multi-threaded JVM cannot safely change its own
 * credentials, and posix_spawn has no action for it, so a worker is started
 * through util-linux's {@code setpriv}, which sets them and execs java (the pid
 * stays the worker's).
 *
 * @param uid the worker uid, or -1 to keep the arbiter's
 * @param gid the worker gid, or -1 to keep the arbiter's
 * @param initgroups whether to load the user's supplementary groups
 */
record WorkerIdentity(long uid, long gid, boolean initgroups) {

    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    static WorkerIdentity resolve(String user, String group, boolean initgroups, Posix posix) {
        long uid = -1;
        long gid = -1;
        if (user != null && !user.isBlank()) {
            uid = posix.uid(user);
            if (uid < 0) {
                throw new IllegalArgumentException("user: no such user " + user + " (expected a user name or a numeric uid)");
            }
            gid = posix.primaryGid(user);
        }
        if (group != null && !group.isBlank()) {
            gid = posix.gid(group);
            if (gid < 0) {
                throw new IllegalArgumentException("group: no such group " + group + " (expected a group name or a numeric gid)");
            }
        }
        if (uid == posix.euid()) {
            uid = -1;
        }
        if (gid == posix.egid() && uid < 0) {
            gid = -1;
        }
        WorkerIdentity identity = new WorkerIdentity(uid, gid, initgroups);
        if (identity.changes()) {
            if (posix.euid() != 0) {
                throw new IllegalArgumentException("user/group: running workers as " + identity.describe()
                        + " needs jgu to start as root (it runs as uid " + posix.euid() + ")");
            }
            if (!Files.isExecutable(SETPRIV)) {
                throw new IllegalArgumentException("user/group: " + SETPRIV + " (util-linux) is needed to start workers as "
                        + identity.describe() + " and is missing");
            }
        }
        return identity;
    }

    boolean changes() {
        return uid >= 0 || gid >= 0;
    }

    String describe() {
        return "uid=" + (uid < 0 ? "unchanged" : uid) + " gid=" + (gid < 0 ? "unchanged" : gid);
    }

    /** The command words that go before java, if any. */
    List<String> prefix() {
        if (!changes()) {
            return List.of();
        }
        List<String> words = new java.util.ArrayList<>(List.of(SETPRIV.toString()));
        if (uid >= 0) {
            words.add("--reuid=" + uid);
        }
        if (gid >= 0) {
            words.add("--regid=" + gid);
        }
        words.add(initgroups && uid >= 0 ? "--init-groups" : "--clear-groups");
        words.add("--");
        return words;
    }
}
