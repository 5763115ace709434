package dev.wagateway.protocol.client.error;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Reading the failure of a client's future, which arrives wrapped by the futures that carried it. */
public final class Causes {

    private Causes() {
    }

    /** The first cause that is not a {@link CompletionException} or {@link ExecutionException} wrapper. */
    public static Throwable root(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The client's own failure in {@code error}'s cause chain, if there is one. */
    public static Optional<WaClientException> clientFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WaClientException failure) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }
}
