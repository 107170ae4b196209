package dev.jgu.dist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker class from a third-party jar on {@code --classpath}: found by the name its
 * {@code META-INF/services} entry declares, or by its class name; an unknown name exits
 * 2 and lists what is available. The jar is compiled here against the dist's jgu-spi.jar.
 */
class ThirdPartyWorkerIT {

    private static final String SOURCE = """
            package com.example.workers;

            import dev.jgu.spi.Listener;
            import dev.jgu.spi.WorkerClass;
            import dev.jgu.spi.WorkerContext;
            import java.nio.ByteBuffer;
            import java.nio.channels.SelectionKey;
            import java.nio.channels.Selector;
            import java.nio.channels.ServerSocketChannel;
            import java.nio.channels.SocketChannel;

            /** Answers every connection with one fixed response, then closes it. */
            public final class HelloWorker implements WorkerClass {
                public String name() {
                    return "thirdparty";
                }

                public void run(WorkerContext context) throws Exception {
                    byte[] body = ("third-party " + context.pid() + "\\n").getBytes();
                    byte[] head = ("HTTP/1.1 200 OK\\r\\nContent-Length: " + body.length + "\\r\\nConnection: close\\r\\n\\r\\n").getBytes();
                    try (Selector selector = Selector.open()) {
                        for (Listener l : context.listeners()) {
                            l.channel().configureBlocking(false);
                            l.channel().register(selector, SelectionKey.OP_ACCEPT);
                        }
                        context.onStop(selector::wakeup);
                        while (context.alive()) {
                            context.heartbeat();
                            selector.select(500);
                            for (SelectionKey key : selector.selectedKeys()) {
                                SocketChannel ch = ((ServerSocketChannel) key.channel()).accept();
                                if (ch == null) {
                                    continue;
                                }
                                try (ch) {
                                    ch.configureBlocking(true);
                                    ch.read(ByteBuffer.allocate(8192));
                                    ch.write(ByteBuffer.wrap(head));
                                    ch.write(ByteBuffer.wrap(body));
                                }
                                context.requestServed();
                            }
                            selector.selectedKeys().clear();
                        }
                    }
                }
            }
            """;

    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void buildJar() throws IOException {
        Path src = dir.resolve("src/com/example/workers/HelloWorker.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "--release", "21", "-d", classes.toString(),
                "-cp", JguProcess.home().resolve("lib/jgu-spi.jar").toString(), src.toString());
        assertEquals(0, rc, errors.toString(StandardCharsets.UTF_8));
        jar = dir.resolve("thirdparty-worker.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                put(out, classes.relativize(file).toString(), Files.readAllBytes(file));
            }
            put(out, "META-INF/services/dev.jgu.spi.WorkerClass", "com.example.workers.HelloWorker\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream entry = out;
        entry.write(bytes);
        out.closeEntry();
    }

    @Test
    void thirdPartyWorkerClassServesByItsDeclaredNameAndByClassName() throws Exception {
        for (String name : List.of("thirdparty", "com.example.workers.HelloWorker")) {
            Path run = Files.createDirectories(dir.resolve("run-" + name));
            try (JguProcess jgu = JguProcess.start(run, List.of("--classpath", jar.toString(), "-k", name, "-w", "1",
                    "-b", "127.0.0.1:0", "dev.jgu.testapps.Probe"))) {
                String address = jgu.listeners(1).get(0);
                long worker = jgu.awaitWorkers(1).iterator().next();
                HttpProbe.Reply reply = HttpProbe.get(address, "/");
                assertEquals(200, reply.status(), reply.head());
                assertEquals("third-party " + worker, reply.body().trim(), "-k " + name);
                // the worker logs it just before it serves, through the arbiter's relay of its stderr
                JguProcess.await(() -> jgu.err().contains("class=thirdparty"), jgu.bounds.react(), jgu::err);
                jgu.signal("TERM");
                assertEquals(0, jgu.awaitExit(jgu.bounds.stop()), jgu.err());
            }
        }
    }

    @Test
    void unknownWorkerClassExitsTwoListingTheAvailableOnes() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-unknown"));
        try (JguProcess jgu = JguProcess.start(run, List.of("--classpath", jar.toString(), "-k", "nosuch",
                "-b", "127.0.0.1:0", "dev.jgu.testapps.Probe"))) {
            assertEquals(2, jgu.awaitExit(jgu.bounds.boot()), jgu.err());
            String err = jgu.err();
            assertTrue(err.contains("unknown worker class nosuch"), err);
            for (String known : List.of("async", "gthread", "sync", "thirdparty")) {
                assertTrue(err.contains(known), "lists " + known + ": " + err);
            }
        }
    }
}
