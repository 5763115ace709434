package dev.wagateway.persistence.gateway;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.function.Function;

/**
 * Where a repository gets its connection: a pooled handle per call (each call its own transaction), or the one
 * handle of an open {@link dev.wagateway.core.transaction.Transaction}.
 */
sealed interface HandleSource {

    /** Runs {@code work} with a handle. */
    <T> T with(Function<Handle, T> work);

    /** A fresh pooled handle for each call. */
    record Pooled(Jdbi jdbi) implements HandleSource {
        @Override
        public <T> T with(Function<Handle, T> work) {
            return jdbi.withHandle(work::apply);
        }
    }

    /** The handle of a transaction in progress. */
    record Bound(Handle handle) implements HandleSource {
        @Override
        public <T> T with(Function<Handle, T> work) {
            return work.apply(handle);
        }
    }
}
