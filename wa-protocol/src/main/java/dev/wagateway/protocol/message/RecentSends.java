package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The last messages we sent, by id, oldest dropped first: what a retry receipt may ask for again. A message is
 * remembered from the moment it leaves, since a recipient's retry receipt can come back before the server's ack.
 */
final class RecentSends {

    /** A sent message and the chat it went to. */
    record Sent(Jid chat, Message message) {
    }

    /**
     * One remembered message: what was sent, whether the server took it, and the lock that lets one send of its id
     * wait for an ack at a time (the server's acks are matched to their waiters by id alone).
     */
    static final class Remembered {

        private final Sent sent;
        private final CompletableFuture<Boolean> taken = new CompletableFuture<>();
        private final ReentrantLock oneSendAtATime = new ReentrantLock();

        private Remembered(Sent sent) {
            this.sent = sent;
        }

        Sent sent() {
            return sent;
        }

        /**
         * Waits until the server answered the first send: true when it took the message, false when it refused it,
         * the send failed, or no answer came within {@code wait}.
         */
        boolean awaitTaken(Duration wait) {
            try {
                return taken.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }

        /** Runs {@code send} (a send of this id that waits for its ack) while no other send of the id waits. */
        <T> T oneAtATime(Supplier<T> send) {
            oneSendAtATime.lock();
            try {
                return send.get();
            } finally {
                oneSendAtATime.unlock();
            }
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Remembered> byId;

    RecentSends(int capacity) {
        this.byId = new LinkedHashMap<>(16, 0.75f, false) { // grows as sends happen; idle clients stay small
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers message {@code id} as it leaves; {@link #settle} tells how the server answered. */
    Remembered leaving(String id, Jid chat, Message message) {
        Remembered entry = new Remembered(new Sent(chat, message));
        lock.lock();
        try {
            byId.put(id, entry);
        } finally {
            lock.unlock();
        }
        return entry;
    }

    /**
     * The server's answer to {@code entry}'s first send: a message it did not take (refused, or the send failed) is
     * forgotten, so nothing asks for it again.
     */
    void settle(String id, Remembered entry, boolean taken) {
        if (!taken) {
            lock.lock();
            try {
                byId.remove(id, entry);
            } finally {
                lock.unlock();
            }
        }
        entry.taken.complete(taken);
    }

    Optional<Remembered> get(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(byId.get(id));
        } finally {
            lock.unlock();
        }
    }
}
