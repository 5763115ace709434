package dev.wagateway.persistence.gateway;

import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.transaction.UnitOfWork;
import org.jdbi.v3.core.Jdbi;

import java.util.function.Function;

/**
 * One PostgreSQL transaction per unit of work (read committed; committed when the work returns, after the
 * outbox's enqueues held back during the work are written: {@link EnqueuesAtCommit}).
 */
public final class PostgresUnitOfWork implements UnitOfWork {

    private final Jdbi jdbi;

    /** @param jdbi the gateway's database */
    public PostgresUnitOfWork(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        return jdbi.inTransaction(handle -> {
            PostgresTransaction tx = new PostgresTransaction(handle);
            T result = work.apply(tx);
            tx.beforeCommit();
            return result;
        });
    }
}
