package dev.wagateway.core.fake;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A point where a repository call stops until the test lets it go: how the tests put a concurrent change exactly
 * between a read and what the caller does with it. Bounded waits, so a broken test fails instead of hanging.
 */
public final class Pause {

    private static final long LIMIT_SECONDS = 10;

    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Called by the paused repository method: signals arrival, then waits for {@link #release()}. */
    void hold() {
        reached.countDown();
        try {
            if (!released.await(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the pause");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until a call stopped here. */
    public void awaitReached() throws InterruptedException {
        if (!reached.await(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no call reached the pause");
        }
    }

    /** Lets the paused call continue. */
    public void release() {
        released.countDown();
    }
}
