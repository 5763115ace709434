package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the tests ask for: acks held back or dropped for a device, its pings unanswered, its own acks lost.
 * Connection faults act at once elsewhere. Keyed by the device's JID itself: several of these are asked about every
 * message and ack, and a key string built per question was garbage per message.
 */
final class FaultInjector {

    private final ConcurrentHashMap<Jid, Duration> ackDelays = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Jid, AtomicInteger> ackDrops = new ConcurrentHashMap<>();
    private final java.util.Set<Jid> mutedPings = ConcurrentHashMap.newKeySet();
    private final java.util.Set<Jid> ignoredAcks = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Jid, Duration> slowPings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Jid, AtomicInteger> pings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Jid, LoginRefusal> refusedLogins = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Jid, AtomicInteger> placeholders = new ConcurrentHashMap<>();
    private final ContactQueries contactQueries = new ContactQueries();

    /** The companions' contact queries and the faults on their answers. */
    ContactQueries contactQueries() {
        return contactQueries;
    }

    /**
     * The next {@code count} messages from other accounts reach the companion {@code device} as an
     * {@code <unavailable>} placeholder without ciphertext, as WhatsApp delivers what the sender could not encrypt for
     * it (its phone still gets the message).
     */
    void placeholders(Jid device, int count) {
        placeholders.put(device, new AtomicInteger(count));
    }

    /** True when this message to {@code device} goes as a placeholder (and counts it). */
    boolean takePlaceholder(Jid device) {
        AtomicInteger remaining = placeholders.get(device);
        return remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /**
     * How the server refuses a device's logins while the fault is on: {@code <failure reason message [code]
     * [expire]>} (protocol §13.2).
     */
    record LoginRefusal(int reason, String message, int banCode, long expireSeconds) {
    }

    /** While set, every login of the device is refused with {@code refusal}; empty ends the fault. */
    void refuseLogins(Jid device, Optional<LoginRefusal> refusal) {
        refusal.ifPresentOrElse(r -> refusedLogins.put(device, r),
                () -> refusedLogins.remove(device));
    }

    Optional<LoginRefusal> loginRefusal(Jid device) {
        return Optional.ofNullable(refusedLogins.get(device));
    }

    /** While set, the server answers the device's keepalive pings only after {@code delay} (zero ends it). */
    void slowPings(Jid device, Duration delay) {
        if (delay.isZero()) {
            slowPings.remove(device);
        } else {
            slowPings.put(device, delay);
        }
    }

    Optional<Duration> pingDelay(Jid device) {
        return Optional.ofNullable(slowPings.get(device));
    }

    /** Counts a keepalive ping of the device; returns how many it sent so far. */
    int pinged(Jid device) {
        return pings.computeIfAbsent(device, d -> new AtomicInteger()).incrementAndGet();
    }

    int pings(Jid device) {
        AtomicInteger count = pings.get(device);
        return count == null ? 0 : count.get();
    }

    /**
     * While on, the device's acks and receipts do not take stanzas out of its queue, as when its acknowledgement is
     * lost on the way: what it received comes again at its next login.
     */
    void ignoreAcks(Jid device, boolean ignored) {
        setFor(ignoredAcks, device, ignored);
    }

    boolean acksIgnored(Jid device) {
        return ignoredAcks.contains(device);
    }

    /** While on, the server does not answer the device's keepalive pings, as a dead connection would not. */
    void mutePings(Jid device, boolean muted) {
        setFor(mutedPings, device, muted);
    }

    boolean pingsMuted(Jid device) {
        return mutedPings.contains(device);
    }

    /** Acks to {@code device} for its messages wait {@code delay} (zero removes the fault). */
    void delayAcks(Jid device, Duration delay) {
        if (delay.isZero()) {
            ackDelays.remove(device);
        } else {
            ackDelays.put(device, delay);
        }
    }

    /** The next {@code count} acks to {@code device} are not sent at all. */
    void dropAcks(Jid device, int count) {
        ackDrops.put(device, new AtomicInteger(count));
    }

    Optional<Duration> ackDelay(Jid device) {
        return Optional.ofNullable(ackDelays.get(device));
    }

    /** True when this ack is to be dropped (and counts it). */
    boolean dropAck(Jid device) {
        AtomicInteger remaining = ackDrops.get(device);
        return remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private static void setFor(java.util.Set<Jid> devices, Jid device, boolean on) {
        if (on) {
            devices.add(device);
        } else {
            devices.remove(device);
        }
    }
}
