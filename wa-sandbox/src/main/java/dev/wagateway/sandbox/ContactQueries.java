package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The "is on WhatsApp" usync queries (a {@code <contact/>} protocol) the companions sent: the numbers each asked, per
 * device (the last {@value #KEPT} queries), and counts for {@code GET /sandbox/stats}; and the faults tests ask for on
 * them: a device's answers held back until released (a query on the wire for as long as a test needs), the next
 * queries of a device refused with an IQ error. Owner of all of it; {@link SandboxControl#contactQueries()} hands it
 * to tests.
 */
public final class ContactQueries {

    /** Queries kept per device for {@link #asked}; the counts go on beyond. */
    static final int KEPT = 1_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Jid, List<List<String>>> asked = new HashMap<>();
    private final Set<Jid> held = new java.util.HashSet<>();
    private final Map<Jid, List<Runnable>> heldAnswers = new HashMap<>();
    private final Map<Jid, Integer> refusals = new HashMap<>();
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong users = new AtomicLong();

    /**
     * Notes a contact query of {@code device} asking about {@code numbers} (digits); returns the IQ error code it is
     * refused with when a refusal fault is pending for the device, else 0.
     */
    int received(Jid device, List<String> numbers) {
        queries.incrementAndGet();
        users.addAndGet(numbers.size());
        lock.lock();
        try {
            List<List<String>> kept = asked.computeIfAbsent(device, d -> new ArrayList<>());
            if (kept.size() == KEPT) {
                kept.removeFirst();
            }
            kept.add(List.copyOf(numbers));
            Integer pending = refusals.get(device);
            if (pending == null) {
                return 0;
            }
            refusals.remove(device);
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code answer} now, or when the device's answers are released if they are held. */
    void answer(Jid device, Runnable answer) {
        lock.lock();
        try {
            if (held.contains(device)) {
                heldAnswers.computeIfAbsent(device, d -> new ArrayList<>()).add(answer);
                return;
            }
        } finally {
            lock.unlock();
        }
        answer.run();
    }

    /** The numbers of each contact query {@code deviceJid} sent, oldest first (the last {@value #KEPT}). */
    public List<List<String>> asked(String deviceJid) {
        Jid device = device(deviceJid);
        lock.lock();
        try {
            return List.copyOf(asked.getOrDefault(device, List.of()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * While {@code on}, the answers to {@code deviceJid}'s contact queries are held back; turning it off sends the held
     * ones, in the order the queries came.
     */
    public void hold(String deviceJid, boolean on) {
        Jid device = device(deviceJid);
        List<Runnable> release;
        lock.lock();
        try {
            if (on) {
                held.add(device);
                return;
            }
            held.remove(device);
            release = heldAnswers.getOrDefault(device, List.of());
            heldAnswers.remove(device);
        } finally {
            lock.unlock();
        }
        release.forEach(Runnable::run);
    }

    /** The next contact query of {@code deviceJid} is answered with the IQ error {@code code} (as WhatsApp's 500). */
    public void refuseNext(String deviceJid, int code) {
        Jid device = device(deviceJid);
        lock.lock();
        try {
            refusals.put(device, code);
        } finally {
            lock.unlock();
        }
    }

    /** What {@code GET /sandbox/stats} shows: contact queries received and the numbers they asked about. */
    Map<String, Long> counts() {
        return Map.of("queries", queries.get(), "users", users.get());
    }

    private static Jid device(String deviceJid) {
        return Jid.tryParse(deviceJid == null ? "" : deviceJid)
                .orElseThrow(() -> new SandboxException(400, "invalid device JID: " + deviceJid));
    }
}
