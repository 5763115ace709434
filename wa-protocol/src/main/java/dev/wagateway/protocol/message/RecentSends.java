package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** The last messages we sent, by id, oldest dropped first: what a retry receipt may ask for again. */
final class RecentSends {

    /** A sent message and the chat it went to. */
    record Sent(Jid chat, Message message) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Sent> byId;

    RecentSends(int capacity) {
        this.byId = new LinkedHashMap<>(16, 0.75f, false) { // grows as sends happen; idle clients stay small
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
                return size() > capacity;
            }
        };
    }

    void put(String id, Jid chat, Message message) {
        lock.lock();
        try {
            byId.put(id, new Sent(chat, message));
        } finally {
            lock.unlock();
        }
    }

    Optional<Sent> get(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(byId.get(id));
        } finally {
            lock.unlock();
        }
    }
}
