package dev.wagateway.persistence.gateway;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Where a repository gets its connection: a pooled handle per call (each call its own transaction), or the one
 * handle of an open {@link dev.wagateway.core.transaction.Transaction}.
 */
sealed interface HandleSource {

    /** Runs {@code work} with a handle. */
    <T> T with(Function<Handle, T> work);

    /**
     * Runs {@code work} with a plain JDBC connection: for the few statements so frequent that JDBI's own cost per
     * call (a handle, argument factories resolved per bound array, mapping) outweighs the statement's. Pooled: a
     * connection of the pool in autocommit (each statement its own transaction); bound: the transaction's.
     */
    <T> T withConnection(ConnectionWork<T> work);

    /** Work on a connection. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** A fresh pooled handle for each call; {@code dataSource}, when given, is the pool under {@code jdbi}. */
    record Pooled(Jdbi jdbi, DataSource dataSource) implements HandleSource {

        /** Connections only through {@code jdbi}'s handles. */
        Pooled(Jdbi jdbi) {
            this(jdbi, null);
        }

        @Override
        public <T> T with(Function<Handle, T> work) {
            return jdbi.withHandle(work::apply);
        }

        @Override
        public <T> T withConnection(ConnectionWork<T> work) {
            if (dataSource == null) {
                return with(handle -> Bound.apply(work, handle.getConnection()));
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.apply(connection);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** The handle of a transaction in progress. */
    record Bound(Handle handle) implements HandleSource {
        @Override
        public <T> T with(Function<Handle, T> work) {
            return work.apply(handle);
        }

        @Override
        public <T> T withConnection(ConnectionWork<T> work) {
            return apply(work, handle.getConnection());
        }

        private static <T> T apply(ConnectionWork<T> work, Connection connection) {
            try {
                return work.apply(connection);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
