package dev.wagateway.protocol.combining;

/**
 * What one caller of a flat combiner gets back ({@code CombiningEncryptor}, {@code CombiningRegistrationLookup}): a
 * caller queues its request and takes the combiner's turn; whichever thread holds the turn does every request queued
 * and finishes each one's outcome, with a value or with the exception its caller rethrows as it is.
 *
 * <p>Not thread-safe by itself: it is finished by the turn's holder before that thread releases the turn, and read
 * by its caller after taking the turn (the lock orders the two).
 *
 * @param <T> the value a request produces
 */
public final class CombinedOutcome<T> {

    private boolean finished;
    private T value;
    private Throwable failure;

    /** Finishes it with {@code value}. */
    public void complete(T value) {
        this.value = value;
        finished = true;
    }

    /** Finishes it with {@code cause}, which {@link #get()} rethrows. */
    public void fail(Throwable cause) {
        failure = cause;
        finished = true;
    }

    /** Whether a holder of the turn finished it (then its caller has nothing left to do but {@link #get()}). */
    public boolean finished() {
        return finished;
    }

    /**
     * The value; or the failure rethrown as it was (a checked one, which the combiners never catch, wrapped in an
     * {@link IllegalStateException}).
     */
    public T get() {
        switch (failure) {
            case null -> {
                return value;
            }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure);
        }
    }
}
