package dev.jgu.workers.async;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads scheduled by a given executor (an {@link EventLoop}) rather than by
 * the JDK's shared fork-join pool. The JDK has had such a builder since 21, used by its
 * own tests but not exported: it is reached by reflection (the arbiter opens
 * {@code java.lang} to workers). Where it is missing or closed, or with
 * {@code async_default_scheduler}, virtual threads run on the default scheduler: each
 * wake-up is then a hand-off between threads, which costs speed but nothing else.
 */
final class VirtualThreads {

    private static final Constructor<?> BUILDER = builder();

    private VirtualThreads() {
    }

    /**
     * @param onLoops whether the worker asks for its virtual threads on its event loops
     * @return whether they run there: asked for, and the JDK allows it
     */
    static boolean scheduled(boolean onLoops) {
        return onLoops && BUILDER != null;
    }

    /**
     * @param scheduler runs the threads' continuations
     * @param name the name prefix of the threads
     * @param onLoops whether the worker asks for its virtual threads on its event loops
     * @return a factory of virtual threads on {@code scheduler}, or on the JDK's scheduler
     *         when {@link #scheduled} is false
     */
    static ThreadFactory on(Executor scheduler, String name, boolean onLoops) {
        if (scheduled(onLoops)) {
            try {
                return ((Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler)).name(name, 1).factory();
            } catch (ReflectiveOperationException e) {
                // fall through to the default scheduler
            }
        }
        return Thread.ofVirtual().name(name, 1).factory();
    }

    private static Constructor<?> builder() {
        try {
            Constructor<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
