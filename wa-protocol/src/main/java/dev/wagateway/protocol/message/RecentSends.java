package dev.wagateway.protocol.message;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The last messages we sent, by id, oldest dropped first: what a retry receipt may ask for again. A message is
 * remembered from the moment it leaves, since a recipient's retry receipt can come back before the server's ack.
 *
 * <p>A gateway holds one of these per device, each up to its capacity (1,000 devices: 256,000 messages), so an entry
 * is kept small: the content serialized (a parsed {@link Message} is about three times its bytes), and what
 * the rare waits need (for a first ack, for another send of the same id) is shared by the whole list rather than
 * carried by every entry.
 */
final class RecentSends {

    /** A sent message and the chat it went to. */
    record Sent(Jid chat, Message message) {
    }

    /** One remembered message; {@code taken} is guarded by the list's lock. */
    private static final class Remembered {

        private final Jid chat;
        private final byte[] content;
        private boolean taken;

        private Remembered(Jid chat, byte[] content) {
            this.chat = chat;
            this.content = content;
        }

        private Sent sent() {
            try {
                return new Sent(chat, Message.parseFrom(content));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("a remembered message does not parse: " + e.getMessage(), e);
            }
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a first send is answered. */
    private final Condition settled = lock.newCondition();
    /** Signalled when a send of an id in {@link #sending} ends. */
    private final Condition sendEnded = lock.newCondition();
    private final Map<String, Remembered> byId;
    /** The ids a {@link #oneAtATime} send is waiting for the ack of. */
    private final Set<String> sending = new HashSet<>();

    RecentSends(int capacity) {
        this.byId = new LinkedHashMap<>(16, 0.75f, false) { // grows as sends happen; idle clients stay small
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Remembers message {@code id} ({@code content}, serialized) as it leaves; {@link #settle} tells how the server
     * answered.
     */
    void leaving(String id, Jid chat, byte[] content) {
        Remembered entry = new Remembered(chat, content);
        lock.lock();
        try {
            byId.put(id, entry);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server's answer to the first send of {@code id}: a message it did not take (refused, or the send failed)
     * is forgotten, so nothing asks for it again.
     */
    void settle(String id, boolean taken) {
        lock.lock();
        try {
            if (taken) {
                Remembered entry = byId.get(id);
                if (entry != null) {
                    entry.taken = true;
                }
            } else {
                byId.remove(id);
            }
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Message {@code id} once the server took its first send, waiting up to {@code wait} for that answer; empty when
     * it is not remembered (never sent, dropped as old, or refused) or no answer came in time.
     */
    Optional<Sent> awaitTaken(String id, Duration wait) {
        long left = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                Remembered entry = byId.get(id);
                if (entry == null) {
                    return Optional.empty();
                }
                if (entry.taken) {
                    return Optional.of(entry.sent());
                }
                if (left <= 0) {
                    return Optional.empty();
                }
                left = settled.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code send} (a send of message {@code id} that waits for its ack) once no other send of that id waits
     * for one: the server's acks are matched to their waiters by id alone.
     */
    <T> T oneAtATime(String id, Supplier<T> send) {
        lock.lock();
        try {
            while (!sending.add(id)) {
                sendEnded.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        try {
            return send.get();
        } finally {
            lock.lock();
            try {
                sending.remove(id);
                sendEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
