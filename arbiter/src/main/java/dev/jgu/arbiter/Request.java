package dev.jgu.arbiter;

/**
 * What waits in the arbiter's queue for the loop: a {@link Command} a signal handler put there,
 * or a {@link ControlCall} from the control socket, which the loop answers.
 */
sealed interface Request permits Command, ControlCall {
}
