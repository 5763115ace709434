package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.Message;
import com.google.protobuf.InvalidProtocolBufferException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages a simulated phone remembers, sent or received: its newest {@code capacity}, like a phone whose owner
 * clears old chats. What it forgot it treats as WhatsApp's apps treat a message they do not have: an edit, revoke or
 * poll vote naming it is ignored, a resend request for it goes unanswered. The users it has chats with are kept
 * apart and never forgotten (a LID migration names all of them).
 *
 * <p>The bound is what lets a sandbox run for hours under load: a phone that kept every message (a benchmark's sink
 * receives hundreds of thousands) made the sandbox's heap, and its collector's pauses, grow with the run. Contents are
 * kept serialized (tens of bytes for a text, against about a kilobyte for the parsed message) and parsed when asked
 * for, which is rare.
 */
final class KnownMessages {

    /** How many messages a phone remembers unless told otherwise: far more than any conversation a test acts on. */
    static final int DEFAULT_CAPACITY = 1_000;

    /** A remembered message as kept: its content serialized. */
    record Kept(String id, Jid author, Jid chat, byte[] content, long timestamp) {
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    /** In the order first seen; the eldest goes when the store is full. */
    private final LinkedHashMap<String, Kept> messages;
    private final Set<Jid> correspondents = new LinkedHashSet<>();

    /** A store remembering the newest {@code capacity} messages. */
    KnownMessages(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a phone remembers at least one message, not " + capacity);
        }
        this.capacity = capacity;
        this.messages = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                return size() > KnownMessages.this.capacity;
            }
        };
    }

    /** Remembers {@code message} (forgetting the eldest when full) and its author and 1:1 chat as correspondents. */
    void put(PhoneInbox.Known message) {
        Kept kept = new Kept(message.id(), message.author(), message.chat(), message.content().toByteArray(),
                message.timestamp());
        lock.lock();
        try {
            messages.put(message.id(), kept);
            correspondents.add(message.author().toNonAd());
            if (message.chat().isUser()) {
                correspondents.add(message.chat().toNonAd());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The message remembered as {@code id}; empty when the phone never had it or has forgotten it. */
    Optional<PhoneInbox.Known> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Kept kept;
        lock.lock();
        try {
            kept = messages.get(id);
        } finally {
            lock.unlock();
        }
        return Optional.ofNullable(kept).map(KnownMessages::known);
    }

    /** The users the phone has 1:1 chats with or read in groups, as of every message it ever remembered. */
    Set<Jid> correspondents() {
        lock.lock();
        try {
            return new LinkedHashSet<>(correspondents);
        } finally {
            lock.unlock();
        }
    }

    /** The remembered messages as kept, eldest first (what a state file writes: no parsing). */
    List<Kept> kept() {
        lock.lock();
        try {
            return new ArrayList<>(messages.values());
        } finally {
            lock.unlock();
        }
    }

    /** Adds users the phone had chats with (a restored state's list) without remembering any message. */
    void addCorrespondents(Iterable<Jid> users) {
        lock.lock();
        try {
            users.forEach(user -> correspondents.add(user.toNonAd()));
        } finally {
            lock.unlock();
        }
    }

    private static PhoneInbox.Known known(Kept kept) {
        try {
            return new PhoneInbox.Known(kept.id(), kept.author(), kept.chat(), Message.parseFrom(kept.content()),
                    kept.timestamp());
        } catch (InvalidProtocolBufferException e) {
            // the bytes are the phone's own serialization of a parsed message
            throw new IllegalStateException("a remembered message no longer parses: " + kept.id(), e);
        }
    }
}
