package dev.jgu.protocol.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The listening sockets the arbiter binds and hands to every worker. */
public final class ServerSocketSettings {

    /** Each declaration below adds itself here, in order: this comes first. */
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<List<String>> BIND = setting("bind", ValueType.list("list of addresses", null, NetworkAddress::bind))
            .flags("-b", "--bind").label("ADDRESS").repeatable()
            .defaultValue(List.of("127.0.0.1:8000"))
            .envDefault("PORT", port -> "0.0.0.0:" + port)
            .defaultText("[\"127.0.0.1:8000\"], or [\"0.0.0.0:$PORT\"] when PORT is set")
            .check(Check.notEmpty())
            .help("Address to listen on: HOST:PORT, [IPV6]:PORT, unix:PATH or fd://N; repeat for more.")
            .doc("""
                    HOST alone means port 8000, as in Gunicorn; port 0 takes any free port. `unix:PATH` \
                    is a UNIX-domain socket; `fd://N` serves on a socket already open on file \
                    descriptor N (handed over by a supervisor). The arbiter binds every address at \
                    start and keeps the sockets for its whole life, so a HUP does not rebind: a new \
                    bind takes a restart.""")
            .build();

    public static final Setting<Integer> BACKLOG = setting("backlog", ValueType.integer())
            .flags("--backlog").label("INT")
            .defaultValue(2048)
            .check(Check.atLeast(1))
            .help("Length of the kernel's queue of connections waiting to be accepted.")
            .doc("""
                    Passed to listen(2); Linux caps it at net.core.somaxconn. Applies when the socket \
                    is bound, so a change takes a restart.""")
            .build();

    static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

    private ServerSocketSettings() {
    }

    private static <T> Setting.Builder<T> setting(String name, ValueType<T> type) {
        return Setting.builder(Section.SERVER_SOCKET, name, type, DECLARED::add);
    }
}
