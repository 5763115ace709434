package dev.wagateway.persistence.protocol;

/**
 * Where a device store's session writes are committed: each in a transaction of its own on the store's connection
 * (and behind its fence), or queued with other devices' writes and other send-path writes into one shared
 * transaction (group commit, one WAL flush for many). Either way a call returns only once its rows are committed, so
 * no ciphertext leaves before the ratchet step that made it is durable.
 */
@FunctionalInterface
public interface SessionWriter {

    /**
     * Commits {@code rows}; returns once they are durable.
     *
     * @throws RuntimeException they were not committed (nothing of them was)
     */
    void commit(SessionRows rows);
}
