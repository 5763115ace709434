package dev.wagateway.core.transaction;

import java.util.function.Function;

/**
 * Port: runs work in one database transaction. The durability rule rests on it: an incoming message and the
 * outbox rows announcing it commit together, and only then is the message acknowledged to WhatsApp.
 */
public interface UnitOfWork {

    /**
     * Runs {@code work} in a transaction; commits when it returns, rolls back and rethrows when it throws.
     */
    <T> T inTransaction(Function<Transaction, T> work);
}
