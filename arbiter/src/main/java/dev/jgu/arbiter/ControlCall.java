package dev.jgu.arbiter;

import dev.jgu.arbiter.ctl.CtlReply;
import dev.jgu.arbiter.ctl.CtlRequest;
import dev.jgu.arbiter.ctl.Verb;

import java.util.concurrent.CompletableFuture;

/**
 * A {@code jgu ctl} verb that acts ({@code scale}, {@code reload}, ...), queued by the control
 * socket's thread for the loop, which carries it out through the same code as its signal and
 * completes {@link #reply} with what happened.
 */
record ControlCall(CtlRequest request, CompletableFuture<CtlReply> reply) implements Request {

    ControlCall(CtlRequest request) {
        this(request, new CompletableFuture<>());
    }

    void answer(CtlReply outcome) {
        reply.complete(outcome);
    }

    /**
     * Answers a call that arrives while the workers stop; {@code shutdown quick} during a
     * graceful stop switches it to quick, as INT does.
     *
     * @return {@link Command#QUICK_STOP} for that switch, else null
     */
    Command duringShutdown(boolean graceful) {
        if (graceful && request.verb() == Verb.SHUTDOWN && request.quick()) {
            answer(CtlReply.ok("shutting down: switching to quick (as INT during a graceful stop)"));
            return Command.QUICK_STOP;
        }
        answer(CtlReply.error("the arbiter is shutting down (" + (graceful ? "graceful" : "quick") + "); "
                + request.verb().word() + " not carried out"));
        return null;
    }
}
