package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A companion linked to a simulated phone: its identity as registered at pairing, its published keys, its live
 * connection if any, and its offline queue: every stanza sent to it stays queued until the device acknowledges it,
 * and is delivered again on the next login.
 */
final class CompanionDevice {

    private final Jid jid;
    private final Jid lid;
    private final byte[] noiseKey;
    private final PublishedKeys keys;
    private final byte[] signedIdentity;
    private final int keyIndex;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<QueueKey, Node> unacknowledged = new LinkedHashMap<>();
    /**
     * The queued keys by stanza id: an ack names an id (and a sender), and a client that acks late (Baileys acks a
     * receipt only after its receipt handler ran) has thousands queued; finding the entries by scanning the queue
     * made every ack cost as much as the backlog.
     */
    private final Map<String, List<QueueKey>> queuedById = new HashMap<>();
    /** Logins that found another live connection of this device and closed it with a {@code conflict}. */
    private long replacements;
    private ChatConnection connection;
    private boolean removed;

    CompanionDevice(Jid jid, Jid lid, byte[] noiseKey, PublishedKeys keys, byte[] signedIdentity, int keyIndex) {
        this.jid = jid;
        this.lid = lid;
        this.noiseKey = noiseKey.clone();
        this.keys = keys;
        this.signedIdentity = signedIdentity.clone();
        this.keyIndex = keyIndex;
    }

    Jid jid() {
        return jid;
    }

    Jid lid() {
        return lid;
    }

    byte[] noiseKey() {
        return noiseKey.clone();
    }

    PublishedKeys keys() {
        return keys;
    }

    /** The account-signed identity of this device, sent in {@code device-identity} nodes. */
    byte[] signedIdentity() {
        return signedIdentity.clone();
    }

    int keyIndex() {
        return keyIndex;
    }

    /** Queues {@code stanza} (keyed by its id and sender) and sends it now if the device is online. */
    void deliver(Node stanza) {
        ChatConnection target;
        lock.lock();
        try {
            if (removed) {
                return;
            }
            QueueKey key = QueueKey.of(stanza);
            if (unacknowledged.put(key, stanza) == null) {
                queuedById.computeIfAbsent(key.id(), id -> new ArrayList<>(1)).add(key);
            }
            target = connection;
        } finally {
            lock.unlock();
        }
        if (target != null) {
            target.send(stanza);
        }
    }

    /** Sends a stanza that needs no acknowledgement (acks, IQ answers) if the device is online; never queued. */
    void deliverNow(Node stanza) {
        ChatConnection target = connection();
        if (target != null) {
            target.send(stanza);
        }
    }

    /** The device acknowledged a stanza: it leaves the queue. */
    void acknowledged(String id, String from) {
        lock.lock();
        try {
            List<QueueKey> keys = queuedById.get(id);
            if (keys == null) {
                return;
            }
            for (java.util.Iterator<QueueKey> each = keys.iterator(); each.hasNext(); ) {
                QueueKey key = each.next();
                if (from == null || key.from().equals(from)) {
                    unacknowledged.remove(key);
                    each.remove();
                }
            }
            if (keys.isEmpty()) {
                queuedById.remove(id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether a stanza {@code which} accepts was sent to this device and is still waiting for its ack. */
    boolean awaitsAcknowledgement(Predicate<Node> which) {
        lock.lock();
        try {
            return unacknowledged.values().stream().anyMatch(which);
        } finally {
            lock.unlock();
        }
    }

    /** The device logged in on {@code newConnection}: returns the connection it replaced, if any. */
    ChatConnection attach(ChatConnection newConnection) {
        lock.lock();
        try {
            ChatConnection previous = connection;
            connection = newConnection;
            if (previous != null && previous != newConnection) {
                replacements++;
            }
            return previous;
        } finally {
            lock.unlock();
        }
    }

    /** How many of its logins replaced a live connection of its own (each closed with a {@code conflict}). */
    long replacements() {
        lock.lock();
        try {
            return replacements;
        } finally {
            lock.unlock();
        }
    }

    /** What is still queued for the device, in order: sent again after login. */
    List<Node> pending() {
        lock.lock();
        try {
            return new ArrayList<>(unacknowledged.values());
        } finally {
            lock.unlock();
        }
    }

    void detach(ChatConnection closed) {
        lock.lock();
        try {
            if (connection == closed) {
                connection = null;
            }
        } finally {
            lock.unlock();
        }
    }

    ChatConnection connection() {
        lock.lock();
        try {
            return connection;
        } finally {
            lock.unlock();
        }
    }

    boolean isOnline() {
        return connection() != null;
    }

    /** Unlinked (logout or the phone removed it): it may not log in again. */
    void remove() {
        lock.lock();
        try {
            removed = true;
            unacknowledged.clear();
            queuedById.clear();
        } finally {
            lock.unlock();
        }
    }

    boolean isRemoved() {
        lock.lock();
        try {
            return removed;
        } finally {
            lock.unlock();
        }
    }

    int queuedCount() {
        lock.lock();
        try {
            return unacknowledged.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Id, tag, type and sender: a delivery and a read receipt for one message are two entries, not one. A record, not
     * a joined string: every delivery made one, and every ack joined two more strings per queued entry it scanned.
     */
    private record QueueKey(String id, String tag, String type, String from) {

        static QueueKey of(Node stanza) {
            return new QueueKey(stanza.attribute("id", ""), stanza.tag(), stanza.attribute("type", ""),
                    stanza.attribute("from", ""));
        }
    }
}
