package dev.jgu.workers.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs(OS.LINUX)
class PoolThreadTest {

    @Test
    void aSleepingThreadIsWaitingAndAComputingOneIsNot() throws Exception {
        AtomicReference<GthreadThread> sleeper = new AtomicReference<>();
        AtomicReference<GthreadThread> spinner = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(2);
        Thread sleeping = new Thread(() -> {
            sleeper.set(GthreadThread.current());
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                // the test is over
            }
        });
        Thread computing = new Thread(() -> {
            spinner.set(GthreadThread.current());
            started.countDown();
            while (!stop.get()) {
                Thread.onSpinWait(); // stays runnable: a hint to the core, not a sleep
            }
        });
        sleeping.start();
        computing.start();
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            // the sleeper enters its sleep a moment after it counts down: wait for it, bounded
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!sleeper.get().waiting() && System.nanoTime() - until < 0) {
                Thread.sleep(5);
            }
            assertTrue(sleeper.get().waiting(), "a thread in Thread.sleep is not seen waiting");
            // a spinning thread is runnable whether it has a core right now or waits for one
            assertFalse(spinner.get().waiting(), "a computing thread is seen waiting");
        } finally {
            stop.set(true);
            sleeping.interrupt();
            sleeping.join(10_000);
            computing.join(10_000);
        }
    }

    @Test
    void servingIsWhatItsThreadLastSaid() {
        GthreadThread self = GthreadThread.current();
        assertFalse(self.serving());
        self.serving(true);
        assertTrue(self.serving());
        self.serving(false);
        assertFalse(self.serving());
    }
}
