package dev.jgu.arbiter.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jgu ctl}'s command line, its discovery of the socket and its errors, without an arbiter. */
class CtlMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return CtlMain.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badCommandLinesExit2BeforeConnecting() {
        Path nowhere = dir.resolve("none.ctl");
        assertEquals(2, run(Map.of(), "-s", nowhere.toString(), "frobnicate"));
        assertTrue(err().contains("unknown verb 'frobnicate'"), err());
        assertEquals(2, run(Map.of(), "-s", nowhere.toString(), "scale", "0"));
        assertEquals(2, run(Map.of(), "-s", nowhere.toString(), "scale", "-1"));
        assertTrue(err().contains("got -1"), err());
        assertEquals(2, run(Map.of(), "--bogus", "status"));
        assertEquals(2, run(Map.of(), "status", "-s"));
        assertTrue(err().contains("-s needs a PATH"), err());
    }

    @Test
    void helpListsEveryVerb() {
        assertEquals(0, run(Map.of(), "help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (Verb verb : Verb.values()) {
            assertTrue(help.contains("\n  " + verb.word()), verb + " in\n" + help);
        }
    }

    @Test
    void aMissingSocketIsNamed() {
        Path missing = dir.resolve("gone.ctl");
        assertEquals(1, run(Map.of(), "-s", missing.toString(), "status"));
        assertTrue(err().contains("no control socket at " + missing), err());
    }

    @Test
    void aSocketNobodyAnswersIsNamed() throws Exception {
        Path stale = dir.resolve("stale.ctl");
        try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.bind(java.net.UnixDomainSocketAddress.of(stale));
        }
        assertEquals(1, run(Map.of(), "-s", stale.toString(), "reload"));
        assertTrue(err().contains("nothing answers at " + stale), err());
    }

    @Test
    void discoveryFindsTheOneLiveArbiterAndNamesSeveral() throws Exception {
        Path sockets = Files.createDirectory(dir.resolve("jgu"));
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", dir.toString(), "HOME", dir.resolve("home").toString());
        assertTrue(assertThrowsIo(env).contains("no running jgu arbiter found"), assertThrowsIo(env));
        assertTrue(assertThrowsIo(env).contains(sockets.toString()), "names where it looked: " + assertThrowsIo(env));
        long me = ProcessHandle.current().pid();
        Files.createFile(sockets.resolve("arbiter-" + me + ".ctl"));
        Files.createFile(sockets.resolve("arbiter-999999999.ctl"));
        assertEquals(sockets.resolve("arbiter-" + me + ".ctl"), CtlMain.discover(env), "a dead arbiter's socket is skipped");
        long other = ProcessHandle.current().parent().orElseThrow().pid();
        Files.createFile(sockets.resolve("arbiter-" + other + ".ctl"));
        String several = assertThrowsIo(env);
        assertTrue(several.contains("several jgu arbiters run") && several.contains("(pid " + me + ")")
                && several.contains("(pid " + other + ")"), several);
    }

    private static String assertThrowsIo(Map<String, String> env) {
        return org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> CtlMain.discover(env)).getMessage();
    }

    @Test
    void defaultDirIsXdgRuntimeElseHome() {
        assertEquals(Path.of("/run/user/7/jgu"), SocketPaths.defaultDir(Map.of("XDG_RUNTIME_DIR", "/run/user/7", "HOME", "/h")));
        assertEquals(Path.of("/h/.jgu"), SocketPaths.defaultDir(Map.of("HOME", "/h")));
        assertEquals(Path.of("/h/.jgu/arbiter-42.ctl"), SocketPaths.defaultPath(Map.of("HOME", "/h"), 42));
        assertTrue(SocketPaths.searchDirs(Map.of("XDG_RUNTIME_DIR", "/run/user/7", "HOME", "/h")).contains(Path.of("/h/.jgu")),
                "a shell with XDG_RUNTIME_DIR still finds a service's ~/.jgu");
    }

    @Test
    void textShowsRssAndAgeReadably() {
        assertEquals("-", CtlText.rss(-1));
        assertEquals("48.5 MiB", CtlText.rss(49664));
        assertEquals("59s", CtlText.age(59));
        assertEquals("3m07s", CtlText.age(187));
        assertEquals("2h05m", CtlText.age(7500));
        assertEquals("1d01h", CtlText.age(90000));
    }
}
