package dev.wagateway.persistence.gateway;

import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.transaction.UnitOfWork;
import org.jdbi.v3.core.Jdbi;

import java.util.function.Function;

/** One PostgreSQL transaction per unit of work (read committed; committed when the work returns). */
public final class PostgresUnitOfWork implements UnitOfWork {

    private final Jdbi jdbi;

    /** @param jdbi the gateway's database */
    public PostgresUnitOfWork(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        return jdbi.inTransaction(handle -> work.apply(new PostgresTransaction(handle)));
    }
}
