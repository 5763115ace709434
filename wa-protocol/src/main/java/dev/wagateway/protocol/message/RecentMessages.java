package dev.wagateway.protocol.message;

import dev.wagateway.protocol.proto.Message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last messages this client decrypted, so a redelivered stanza is neither decrypted twice (Signal cannot) nor
 * emitted twice: a handled one is only acknowledged again, one whose listeners failed is emitted again from the kept
 * plaintext. A message whose listeners succeeded keeps only its key ({@link #done}): its plaintext is no longer
 * needed, and the window is per client, so with thousands of devices it must stay small. What falls out of the
 * window is still recognised by the durable decryption buffer (a spent ciphertext found there as handled is a
 * duplicate); this is the fast path for the redeliveries that follow a dropped connection.
 */
final class RecentMessages {

    /** A decrypted message and the completion of its listeners. */
    record Handled(Message message, CompletableFuture<Void> listeners) {
    }

    /** One shared entry for every message whose listeners succeeded: only acknowledged again if it comes back. */
    private static final Handled DONE = new Handled(Message.getDefaultInstance(),
            CompletableFuture.completedFuture(null));

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Handled> entries;

    RecentMessages(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Handled> eldest) {
                return size() > RecentMessages.this.capacity;
            }
        };
    }

    /** The key of a message: who sent which id in which chat. */
    static String key(String chat, String sender, String id) {
        return chat + '|' + sender + '|' + id;
    }

    Optional<Handled> get(String key) {
        lock.lock();
        try {
            return Optional.ofNullable(entries.get(key));
        } finally {
            lock.unlock();
        }
    }

    void put(String key, Handled handled) {
        lock.lock();
        try {
            entries.put(key, handled);
        } finally {
            lock.unlock();
        }
    }

    /** Drops the plaintext of a message whose listeners succeeded, unless the entry was replaced meanwhile. */
    void done(String key, Handled handled) {
        lock.lock();
        try {
            entries.replace(key, handled, DONE);
        } finally {
            lock.unlock();
        }
    }
}
