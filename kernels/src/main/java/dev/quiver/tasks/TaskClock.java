package dev.quiver.tasks;

import java.time.Duration;

/**
 * The time source of batches: the elapsed time in {@link Progress} and the pauses between retries.
 * Tests substitute one that records the pauses instead of sleeping.
 */
public interface TaskClock {

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Pauses the calling thread; interruptible. */
    void sleep(Duration duration) throws InterruptedException;

    /** The system clock, sleeping with {@link Thread#sleep(Duration)}. */
    static TaskClock system() {
        return SystemClock.INSTANCE;
    }

    /** The system's clock. */
    enum SystemClock implements TaskClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }
    }
}
