package dev.jgu.dist;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Exhaustion" of the reliability suite: a worker at its open-file limit, the logs on a full
 * filesystem, and a client that never reads its response. Each costs what it must (accepts
 * wait, log lines are lost, the one connection is cut off) and nothing else.
 */
class ExhaustionIT {

    static final String GROUP = "Exhaustion";
    /** Enough for a worker JVM to boot and serve, far fewer than the clients. */
    static final int FD_LIMIT = 160;
    static final int CLIENTS = 2 * FD_LIMIT;
    /** The window in which a worker at its fd limit is watched; a spinning accept would burn all of it. */
    static final Duration AT_LIMIT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aGthreadWorkerAtItsFileLimitNeitherSpinsNorCrashesAndServesAgain() throws Exception {
        workerAtItsFileLimit("gthread");
    }

    @Test
    void anAsyncWorkerAtItsFileLimitNeitherSpinsNorCrashesAndServesAgain() throws Exception {
        workerAtItsFileLimit("async");
    }

    private void workerAtItsFileLimit(String workerClass) throws Exception {
        ReliabilityRecord record = new ReliabilityRecord("2-exhaustion-fds-" + workerClass, GROUP,
                CLIENTS + " clients on a worker limited to " + FD_LIMIT + " open files (" + workerClass + ")");
        Path run = Files.createDirectory(dir.resolve("fds-" + workerClass));
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + FD_LIMIT + " && exec \"$0\" \"$@\"",
                JguProcess.home().resolve("bin/jgu").toString(), "--classpath", JguProcess.testApps().toString(),
                "-k", workerClass, "-w", "1", "--threads", "4", "--worker-connections", "1000", "--keep-alive", "60",
                "-b", "127.0.0.1:0", "dev.jgu.testapps.Faults"));
        List<SocketChannel> clients = new ArrayList<>();
        try (JguProcess jgu = JguProcess.startCommand(run, cmd, Map.of())) {
            String address = jgu.listeners(1).get(0);
            long worker = jgu.awaitWorkers(1).iterator().next();
            assertTrue(!jgu.log().contains("accept failed"), jgu.log());
            InetSocketAddress remote = socketAddress(address);
            ByteBuffer request = ByteBuffer.wrap(HttpConnection.get("/").getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < CLIENTS; i++) {
                SocketChannel ch = SocketChannel.open(remote);
                clients.add(ch);
                ch.write(request.duplicate());
            }
            // the burst of first requests (class loading, JIT) is over well before the window
            jgu.awaitLog("accept failed", 2, jgu.bounds.request());
            long settled = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            JguProcess.await(() -> System.nanoTime() > settled, Duration.ofSeconds(2), () -> "the worker to settle");
            java.util.regex.Matcher loopsLine = Pattern.compile("event_loops=(\\d+)").matcher(jgu.log());
            int acceptors = loopsLine.find() ? Integer.parseInt(loopsLine.group(1)) : 1;
            int logBefore = jgu.log().length();
            long cpuBefore = cpuTicks(worker);
            long start = System.nanoTime();
            JguProcess.await(() -> System.nanoTime() - start >= AT_LIMIT.toNanos(), AT_LIMIT.plusSeconds(1), () -> "the window");
            long cpu = cpuTicks(worker) - cpuBefore;
            double seconds = (System.nanoTime() - start) / 1e9;
            String during = jgu.log().substring(logBefore);
            long lines = JguProcess.count(during, "accept failed");
            long failedDuring = lines;
            java.util.regex.Matcher more = Pattern.compile("accept failed: .*\\(and (\\d+) more since the last line\\)").matcher(during);
            while (more.find()) {
                failedDuring += Long.parseLong(more.group(1));
            }
            double cpuShare = cpu / (double) clockTicks() / seconds;
            record.figure("worker CPU at the limit", String.format("%.1f %% of a core", 100 * cpuShare))
                    .figure("clients", CLIENTS)
                    .figure("open-file limit", FD_LIMIT)
                    .figure("accept failures in " + String.format("%.1f s", seconds), failedDuring)
                    .figure("accept failure lines logged for them", lines);
            String error = lastLine(jgu.log(), "accept failed");
            record.note("logged: " + error);
            assertTrue(record.bound("the worker does not spin on accept: CPU " + String.format("%.1f %%", 100 * cpuShare)
                    + " < 10 % of a core", cpuShare < 0.1), jgu.log());
            // the first line in the window also counts the failures of the second before it
            assertTrue(record.bound("accept failures are paced (" + failedDuring + " in " + String.format("%.1f s", seconds)
                    + ", at most one per 100 ms on each of " + acceptors + " accepting threads)",
                    failedDuring >= 1 && failedDuring <= acceptors * ((seconds + 1) * 10 + 2)), during);
            assertTrue(record.bound("accept failures cost at most a line a second (" + lines + " in "
                    + String.format("%.1f s", seconds) + ")", lines <= seconds + 1), during);
            assertTrue(record.bound("the worker " + worker + " did not crash", JguProcess.running(worker)
                    && jgu.workerPids().equals(java.util.Set.of(worker))), jgu.log());
            for (SocketChannel ch : clients) {
                ch.close();
            }
            clients.clear();
            long servedAgain = System.nanoTime();
            HttpProbe.Reply reply = HttpProbe.get(address, "/");
            record.figure("served again after the clients left", (System.nanoTime() - servedAgain) / 1_000_000 + " ms");
            assertEquals(200, reply.status(), reply.head());
            assertTrue(record.bound("the same worker serves again once the clients left", reply.pid() == worker),
                    "served by " + reply.pid());
        } catch (AssertionError | Exception e) {
            record.failed(e.toString());
            throw e;
        } finally {
            for (SocketChannel ch : clients) {
                ch.close();
            }
            record.write();
        }
    }

    /** Ticks of CPU (user and system) the process has used: fields 14 and 15 of {@code /proc/PID/stat}. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long clockTicks() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "getconf CLK_TCK");
        return Long.parseLong(out);
    }

    private static InetSocketAddress socketAddress(String address) {
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    private static String lastLine(String log, String containing) {
        String found = "";
        for (String line : log.split("\n")) {
            if (line.contains(containing)) {
                found = line;
            }
        }
        return found;
    }

    @Test
    void logsOnAFullFilesystemCostLinesNotRequests() throws Exception {
        ReliabilityRecord record = new ReliabilityRecord("2-exhaustion-full-disk", GROUP,
                "error and access logs on a full filesystem, under requests (gthread)");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            record.note("skipped: mounting a tmpfs takes root").write();
        }
        Assumptions.assumeTrue(root, "skipped: the full-filesystem scenario mounts a tmpfs, which takes root");
        Path logs = Files.createDirectory(dir.resolve("logs"));
        run("mount", "-t", "tmpfs", "-o", "size=256k", "jgu-full-disk", logs.toString());
        try {
            fullFilesystem(record, logs);
        } catch (AssertionError | Exception e) {
            record.failed(e.toString());
            throw e;
        } finally {
            record.write();
            run("umount", "-l", logs.toString());
        }
    }

    private void fullFilesystem(ReliabilityRecord record, Path logs) throws Exception {
        Path access = logs.resolve("access.log");
        Path error = logs.resolve("error.log");
        try (JguProcess jgu = JguProcess.start(dir, List.of("-k", "gthread", "-w", "1", "-b", "127.0.0.1:0",
                "--access-logfile", access.toString(), "--error-logfile", error.toString(), "dev.jgu.testapps.Faults"))) {
            String address = jgu.listeners(1).get(0);
            long worker = jgu.awaitWorkers(1).iterator().next();
            assertEquals(200, HttpProbe.get(address, "/?before").status());
            JguProcess.await(() -> read(access).contains("/?before"), jgu.bounds.request(), () -> "the access log line");
            Path filler = logs.resolve("filler");
            long filled = fill(filler);
            int requests = 200;
            int failed = 0;
            for (int i = 0; i < requests; i++) {
                HttpProbe.Reply r = HttpProbe.get(address, "/?full=" + i);
                if (r.status() != 200 || r.pid() != worker) {
                    failed++;
                }
            }
            String whileFull = read(access);
            int loggedWhileFull = JguProcess.count(whileFull, "/?full=");
            Files.delete(filler);
            int after = 50;
            for (int i = 0; i < after; i++) {
                assertEquals(200, HttpProbe.get(address, "/?after=" + i).status());
            }
            JguProcess.await(() -> read(access).contains("/?after=" + (after - 1)), jgu.bounds.request(),
                    () -> "access logging to resume:\n" + read(access));
            int loggedAfter = JguProcess.count(read(access), "/?after=");
            jgu.signal("TTIN");
            Pattern ready = Pattern.compile("worker=2 pid=\\d+ booting -> ready");
            JguProcess.await(() -> ready.matcher(read(error)).find(), jgu.bounds.boot(), () -> "the error log to resume:\n" + read(error));
            long badLines = read(access).lines().filter(l -> !l.matches("\\S+ - - \\[[^]]+] \"GET /\\S* HTTP/1.1\" 200 .*")).count();
            record.figure("requests failed while the filesystem was full", failed)
                    .figure("requests while full", requests)
                    .figure("access lines written while full", loggedWhileFull + " of " + requests)
                    .figure("filler written to fill it", filled / 1024 + " KiB")
                    .figure("access lines after space was freed", loggedAfter + " of " + after)
                    .figure("malformed access lines", badLines);
            assertTrue(record.bound("0 requests failed while full (" + failed + " of " + requests + ")", failed == 0));
            assertTrue(record.bound("the filesystem was full: lines were lost (" + loggedWhileFull + " of " + requests
                    + " written)", loggedWhileFull < requests));
            assertTrue(record.bound("access logging resumed once space was freed (" + loggedAfter + " of " + after + ")",
                    loggedAfter == after), read(access));
            assertTrue(record.bound("the error log resumed once space was freed (a new worker's ready line)", true));
            assertTrue(record.bound("no malformed access line (" + badLines + ")", badLines == 0), read(access));
            assertTrue(record.bound("the arbiter and the worker survived", JguProcess.running(jgu.pid()) && JguProcess.running(worker)));
        }
    }

    /** Writes to {@code file} until the filesystem is full; returns the bytes written. */
    private static long fill(Path file) throws IOException {
        long written = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
                written += block.length;
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), "filling the tmpfs: " + full);
            return written;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }

    @Test
    void aClientThatNeverReadsIsCutOffByTheWriteTimeout() throws Exception {
        // one jgu per class, side by side: each mostly waits out its write timeout
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (String workerClass : List.of("sync", "gthread", "async")) {
            runs.add(CompletableFuture.runAsync(() -> {
                try {
                    neverReadingClient(workerClass);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> Thread.ofPlatform().name("unread-" + workerClass).start(r)));
        }
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Void> run : runs) {
            try {
                run.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause());
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " of 3 classes failed: " + failures);
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    static final int WRITE_TIMEOUT = 3;
    static final int LARGE = 32 << 20;

    private void neverReadingClient(String workerClass) throws Exception {
        ReliabilityRecord record = new ReliabilityRecord("2-exhaustion-unread-" + workerClass, GROUP,
                "a client that never reads a " + (LARGE >> 20) + " MiB answer, one worker, one thread (" + workerClass + ")");
        Path run = Files.createDirectory(dir.resolve("unread-" + workerClass));
        try (JguProcess jgu = JguProcess.start(run, List.of("-k", workerClass, "-w", "1", "--threads", "1",
                "-t", Integer.toString(WRITE_TIMEOUT), "-b", "127.0.0.1:0", "dev.jgu.testapps.Faults"))) {
            String address = jgu.listeners(1).get(0);
            long worker = jgu.awaitWorkers(1).iterator().next();
            // a fresh worker's first answers load the classes of the request path: not what is measured
            assertEquals(200, HttpProbe.get(address, "/large?bytes=1024").status());
            assertEquals(200, HttpProbe.get(address, "/").status());
            SocketChannel stuck = SocketChannel.open();
            stuck.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            stuck.connect(socketAddress(address));
            long start = System.nanoTime();
            stuck.write(ByteBuffer.wrap(HttpConnection.get("/large?bytes=" + LARGE).getBytes(StandardCharsets.ISO_8859_1)));
            // the answer is being written when the ordinary request arrives
            CompletableFuture<HttpProbe.Reply> ordinary = CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(300);
                    return HttpProbe.get(address, "/");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                // a thread of its own: the common pool has one thread on 2 cores, and the other classes'
                // runs beside this one hold theirs while their ordinary requests wait out the write timeout
            }, r -> Thread.ofPlatform().name("ordinary-" + workerClass).daemon().start(r));
            // sync may lose the race to its own heartbeat timeout: then a new worker boots first
            Duration bound = workerClass.equals("sync") ? jgu.bounds.hang().plus(jgu.bounds.boot()) : jgu.bounds.hang();
            HttpProbe.Reply reply = ordinary.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            long ordinaryMs = (System.nanoTime() - start) / 1_000_000 - 300;
            // Reading earlier would let a write that was never cut off carry on: wait out the
            // write timeout first, then see how much of the answer the connection still gives.
            long cut = start + Duration.ofSeconds(WRITE_TIMEOUT + 2).toNanos();
            JguProcess.await(() -> System.nanoTime() > cut, Duration.ofSeconds(WRITE_TIMEOUT + 3), () -> "the write timeout to pass");
            long received = drain(stuck, jgu.bounds.hang());
            stuck.close();
            boolean replaced = !JguProcess.running(worker);
            record.figure("ordinary request answered after", ordinaryMs + " ms")
                    .figure("bytes the non-reader got before the cut", received + " of " + LARGE)
                    .figure("write timeout", WRITE_TIMEOUT + " s")
                    .figure("worker replaced", replaced);
            assertEquals(200, reply.status(), reply.head());
            assertTrue(record.bound("the non-reading client was cut off short of the answer", received < LARGE));
            assertTrue(record.bound("the ordinary request was answered within its bound (" + ordinaryMs + " ms <= " + bound.toMillis()
                    + " ms): the write did not pin the thread", ordinaryMs <= bound.toMillis()));
            if (workerClass.equals("async")) {
                // a virtual thread parks on the unwritable socket: nothing waits behind it
                assertTrue(record.bound("async: the ordinary request did not wait for the write timeout (" + ordinaryMs + " ms < "
                        + WRITE_TIMEOUT * 1000 + " ms)", ordinaryMs < WRITE_TIMEOUT * 1000L));
            }
            if (!workerClass.equals("sync")) {
                assertTrue(record.bound("the worker was not replaced: its write timeout, not the heartbeat, ended it", !replaced),
                        jgu.log());
            } else {
                record.note(replaced ? "sync: the heartbeat timeout replaced the worker (timeout is a request timeout for sync)"
                        : "sync: the write timeout freed the worker");
            }
        } catch (AssertionError | Exception e) {
            record.failed(e.toString());
            throw e;
        } finally {
            record.write();
        }
    }

    /** Reads what the server sent until it closed the connection (EOF or reset); returns the body bytes received. */
    private static long drain(SocketChannel ch, Duration bound) throws IOException {
        ch.socket().setSoTimeout((int) bound.toMillis());
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long total = 0;
        try (var in = ch.socket().getInputStream()) {
            int n;
            while ((n = in.read(buf.array())) >= 0) {
                total += n;
            }
        } catch (java.net.SocketException reset) {
            // a reset is a cut-off too
        }
        return total;
    }
}
