package dev.wagateway.http.server;

import java.sql.SQLTransientConnectionException;

/**
 * Recognises a request that failed because no database connection came free within the pool's wait: an overload that
 * passes, answered 503 with {@code Retry-After} rather than as an internal error.
 */
public final class DatabaseBusy {

    /** How far down a cause chain to look: adapters wrap the pool's exception once or twice. */
    private static final int MAX_DEPTH = 16;

    private DatabaseBusy() {
    }

    /** Whether {@code failure} or one of its causes is the pool's timeout. */
    public static boolean causedBy(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }
}
