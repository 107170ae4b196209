package dev.jgu.dist;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Keep-alive clients that account for every request, for the fault scenarios: each client keeps
 * one connection open across requests and knows which worker served it (the test apps answer
 * with their pid), so a request that loses its connection is attributed to that worker and to the
 * moment it was lost. The test tells which {@link Fault}s it caused (a worker it killed, one it hung,
 * one a reload retired) and {@link #account} checks that every loss falls in one of them.
 *
 * <p>A request that loses a reused connection before any response arrived is sent again once on a
 * new connection, as an HTTP client may for an idempotent request (RFC 9112 §9.3.1): a server that
 * closes an idle keep-alive connection races the client's next request, and no server can win that
 * race. Such a retry is still a loss to account for, and {@link Accounting#answersLost} names those
 * that the server's access log shows handled: a worker that handled a request and closed its
 * connection without the answer lost the answer, it did not lose the race. Only the retry's own
 * outcome counts as the request's answer or failure. A request on a new
 * connection is never retried. Each attempt's target is unique, also among the loads that share
 * one server and its access log ({@code ?r=load&c=client&n=request&a=attempt}): an access log
 * line of an earlier load must not pass for one of this load's attempts.
 */
final class AccountedLoad implements AutoCloseable {

    /** How long one request may take before the client gives up on it, as a failure. */
    private static final long READ_TIMEOUT_MS = 30_000;

    /**
     * A request attempt that got no answer.
     *
     * @param pid the worker its connection was on, 0 when the connection had not yet been answered
     * @param reused whether the connection had served a request before (a keep-alive one)
     * @param target the attempt's request target, unique to it, as the access log shows it
     * @param retried whether the request was sent again (the loss of a reused connection before any response)
     */
    record Loss(int client, long request, String target, long pid, boolean reused, boolean retried, long startNanos,
                long lostNanos, String error) {
        String describe(long origin) {
            return "client " + client + " request " + request + " (" + target + ") on worker " + (pid == 0 ? "unknown (new connection)" : pid)
                    + " sent at +" + millis(startNanos - origin) + " ms, lost at +" + millis(lostNanos - origin) + " ms"
                    + (retried ? ", retried" : "") + ": " + error;
        }
    }

    /**
     * A fault the test caused on one worker: requests on it may be lost from {@code startNanos} on,
     * until {@code endNanos} (the moment the test saw it gone) for requests whose worker the client did
     * not know yet.
     *
     * @param lossAllowed whether a request may fail for it; false for a graceful retirement, which
     *     may only cost the idle keep-alive race (a request retried)
     */
    record Fault(String what, long pid, long startNanos, long endNanos, boolean lossAllowed) {
        boolean explains(Loss loss) {
            if (!lossAllowed && !loss.retried()) {
                return false;
            }
            if (loss.pid() != 0) {
                return loss.pid() == pid && loss.lostNanos() >= startNanos;
            }
            return lossAllowed && loss.lostNanos() >= startNanos && loss.startNanos() <= endNanos;
        }
    }

    /**
     * The targets of this load's attempts that an access log shows answered (its
     * {@code "GET target HTTP/1.1"}), for {@link #account}; other loads' lines in the same log
     * are left out.
     *
     * @param log the access log's text
     */
    Set<String> handledIn(String log) {
        Set<String> targets = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"GET (\\S+) HTTP/1\\.1\"").matcher(log);
        while (m.find()) {
            if (m.group(1).startsWith(targetPrefix)) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** @return the request target of one attempt, unique to it among every load of this JVM */
    String attemptTarget(int client, long request, int attempt) {
        return targetPrefix + "c=" + client + "&n=" + request + "&a=" + attempt;
    }

    /**
     * What {@link #account} found: each loss with the fault that explains it, those none explains,
     * and among the losses a graceful retirement explains, those whose request the worker handled
     * (its access log has the attempt) while its answer never arrived.
     */
    record Accounting(List<String> explained, List<String> unexplained, List<String> answersLost) {
    }

    /** Numbers the loads of this JVM, so that their attempts' targets differ. */
    private static final java.util.concurrent.atomic.AtomicInteger LOADS = new java.util.concurrent.atomic.AtomicInteger();

    private final String address;
    /** Every attempt's target begins so: the request target and this load's number. */
    private final String targetPrefix;
    private final long origin = System.nanoTime();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
    private final ConcurrentLinkedQueue<Loss> losses = new ConcurrentLinkedQueue<>();
    private final Map<Long, Long> servedBy = new ConcurrentHashMap<>();
    private final List<Thread> clients;

    /** @param target the request target of every request, e.g. {@code /} */
    AccountedLoad(String address, String target, int clients) {
        this.address = address;
        this.targetPrefix = target + "?r=" + LOADS.incrementAndGet() + "&";
        this.clients = IntStream.range(0, clients)
                .mapToObj(i -> Thread.ofPlatform().name("accounted-load-" + i).daemon().start(() -> loop(i))).toList();
    }

    private void loop(int client) {
        HttpConnection conn = null;
        long pid = 0;
        boolean reused = false;
        long request = 0;
        while (running.get()) {
            long n = request++;
            sent.incrementAndGet();
            boolean again = true;
            for (int attempt = 0; again; attempt++) {
                again = false;
                long start = System.nanoTime();
                String attemptTarget = attemptTarget(client, n, attempt);
                try {
                    if (conn == null) {
                        conn = HttpConnection.open(address);
                        pid = 0;
                        reused = false;
                    }
                    HttpConnection.Response r = conn.exchange(HttpConnection.get(attemptTarget),
                            READ_TIMEOUT_MS);
                    if (r.status() == 200) {
                        pid = r.pid();
                        answered.incrementAndGet();
                        lastAnswer.set(System.nanoTime());
                        servedBy.merge(pid, 1L, Long::sum);
                    } else {
                        failed.incrementAndGet();
                        losses.add(new Loss(client, n, attemptTarget, pid, reused, false, start, System.nanoTime(),
                                "status " + r.status() + ": " + r.head()));
                    }
                    reused = true;
                    if (r.closes()) {
                        conn = close(conn);
                    }
                } catch (IOException | RuntimeException e) {
                    again = reused && !(e instanceof SocketTimeoutException);
                    if (!again) {
                        failed.incrementAndGet();
                    }
                    losses.add(new Loss(client, n, attemptTarget, pid, reused, again, start, System.nanoTime(), e.toString()));
                    conn = close(conn);
                }
            }
        }
        close(conn);
    }

    private static HttpConnection close(HttpConnection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (IOException e) {
                // the connection is dropped either way
            }
        }
        return null;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    long sent() {
        return sent.get();
    }

    long answered() {
        return answered.get();
    }

    long failed() {
        return failed.get();
    }

    List<Loss> losses() {
        return List.copyOf(losses);
    }

    /**
     * Waits until at least {@code n} more requests were answered, failing when none was for
     * {@code stall}: a server that keeps answering passes however slow the machine is.
     */
    void awaitProgress(long n, Duration stall) {
        long goal = answered.get() + n;
        lastAnswer.set(System.nanoTime());
        JguProcess.await(() -> answered.get() >= goal || System.nanoTime() - lastAnswer.get() > stall.toNanos(),
                stall.multipliedBy(Math.max(1, n)), () -> goal + " answered requests, have " + answered.get());
        if (answered.get() < goal) {
            throw new AssertionError("no request was answered for " + stall + ", " + answered.get() + " of " + goal
                    + " answered; losses: " + losses());
        }
    }

    /** Forgets who served so far and waits for {@code n} more answers; returns who served them. */
    Set<Long> servedByNext(int n, Duration stall) {
        servedBy.clear();
        awaitProgress(n, stall);
        return Set.copyOf(servedBy.keySet());
    }

    /**
     * Each loss so far, with the fault that explains it, or in the unexplained list.
     *
     * @param handled whether the server handled a request target (its access log has it): a
     *     graceful retirement may not lose a request it handled
     */
    Accounting account(List<Fault> faults, Predicate<String> handled) {
        List<String> explained = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        List<String> answersLost = new ArrayList<>();
        for (Loss loss : losses) {
            Fault fault = faults.stream().filter(f -> f.explains(loss)).findFirst().orElse(null);
            if (fault == null) {
                unexplained.add(loss.describe(origin));
            } else {
                explained.add(loss.describe(origin) + " -- " + fault.what() + " of worker " + fault.pid());
                if (!fault.lossAllowed() && handled.test(loss.target())) {
                    answersLost.add(loss.describe(origin) + " -- handled by worker " + fault.pid() + ", " + fault.what());
                }
            }
        }
        return new Accounting(explained, unexplained, answersLost);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : clients) {
            t.join(READ_TIMEOUT_MS * 2);
        }
    }
}
