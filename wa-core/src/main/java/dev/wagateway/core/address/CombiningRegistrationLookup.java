package dev.wagateway.core.address;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.combining.CombinedOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One device's concurrent registration checks (R1, api.md §4.3) combined into shared usync queries (flat combining,
 * as {@code CombiningEncryptor} does for ratchet commits). Every send used to pay a usync round trip of its own, so a
 * device with a few sends in flight had as many queries on the wire. Here a check queues itself and takes the
 * device's turn; whoever holds the turn takes every check queued by then and asks for all their distinct numbers in
 * queries of at most {@code batchSize} numbers ({@code WHATSAPP_ISON_BATCH_SIZE}), one delegate call per query, then
 * hands each check its own numbers' answers. A check whose query a previous holder already asked just leaves.
 *
 * <p>Each check is answered by a query sent after it arrived: the holder takes the queue before asking, and a check
 * queued while that query is on the wire waits for the turn and is asked by the next holder (no joining a query
 * already sent, which could answer from before the request). A lone check asks at once: there is no timer and no
 * thread of its own. Checks of different devices never wait for each other.
 *
 * <p>A failed query fails exactly the checks that asked about one of its numbers, with the delegate's exception
 * (the same status and message as an uncombined check); the other queries of the same turn still go.
 *
 * <p>The per-device state (a lock and a queue) is kept for every device that ever checked a number: a few dozen bytes
 * each, bounded by the devices of this node.
 */
public final class CombiningRegistrationLookup implements RegistrationLookup {

    private final RegistrationLookup delegate;
    private final int batchSize;
    /** Owner of the devices' turns; a turn is never removed, so two turns of one device never coexist. */
    private final ConcurrentHashMap<UUID, Turn> turns = new ConcurrentHashMap<>();

    /**
     * @param delegate  asks WhatsApp; each call is given at most {@code batchSize} distinct numbers (one query)
     * @param batchSize the most numbers one query asks about
     */
    public CombiningRegistrationLookup(RegistrationLookup delegate, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.batchSize = batchSize;
    }

    @Override
    public Map<String, Optional<Jid>> lookupAll(UUID deviceId, List<String> numbers) {
        Objects.requireNonNull(deviceId, "deviceId");
        if (numbers.isEmpty()) {
            return Map.of();
        }
        Check check = new Check(List.copyOf(new LinkedHashSet<>(numbers)), new CombinedOutcome<>());
        Turn turn = turns.computeIfAbsent(deviceId, id -> new Turn());
        turn.waiting.add(check);
        turn.lock.lock();
        try {
            if (!check.outcome().finished()) {
                askForWaiting(deviceId, turn);
            }
        } finally {
            turn.lock.unlock();
        }
        // written by a holder of the turn before it unlocked, which this thread locked after
        Map<String, Optional<Jid>> answers = check.outcome().get();
        Map<String, Optional<Jid>> ordered = new LinkedHashMap<>();
        numbers.forEach(number -> ordered.put(number, answers.getOrDefault(number, Optional.empty())));
        return ordered;
    }

    /** How many checks of {@code deviceId} are queued and not yet taken by a query (for tests and metrics). */
    public int waiting(UUID deviceId) {
        Turn turn = turns.get(deviceId);
        return turn == null ? 0 : turn.waiting.size();
    }

    /** Under the device's turn: every check queued now, their distinct numbers asked in queries of the batch size. */
    private void askForWaiting(UUID deviceId, Turn turn) {
        List<Check> taken = new ArrayList<>();
        for (Check next = turn.waiting.poll(); next != null; next = turn.waiting.poll()) {
            taken.add(next);
        }
        Set<String> distinct = new LinkedHashSet<>();
        taken.forEach(check -> distinct.addAll(check.numbers()));
        List<String> all = List.copyOf(distinct);
        Map<String, Optional<Jid>> answers = new HashMap<>();
        Map<String, Throwable> failures = new HashMap<>();
        for (int from = 0; from < all.size(); from += batchSize) {
            List<String> query = all.subList(from, Math.min(all.size(), from + batchSize));
            try {
                Map<String, Optional<Jid>> answered = delegate.lookupAll(deviceId, query);
                query.forEach(number -> answers.put(number, answered.getOrDefault(number, Optional.empty())));
            } catch (RuntimeException | Error e) {
                query.forEach(number -> failures.put(number, e));
            }
        }
        for (Check check : taken) {
            Optional<Throwable> failure = check.numbers().stream().map(failures::get).filter(Objects::nonNull)
                    .findFirst();
            if (failure.isPresent()) {
                check.outcome().fail(failure.get());
            } else {
                Map<String, Optional<Jid>> own = new HashMap<>();
                check.numbers().forEach(number -> own.put(number, answers.get(number)));
                check.outcome().complete(own);
            }
        }
    }

    /** One device's queue of checks and the lock of whoever asks for them; owned by this lookup. */
    private static final class Turn {
        final ReentrantLock lock = new ReentrantLock();
        final ConcurrentLinkedQueue<Check> waiting = new ConcurrentLinkedQueue<>();
    }

    /** One caller's numbers; finished by whichever thread asked for them, under the device's turn. */
    private record Check(List<String> numbers, CombinedOutcome<Map<String, Optional<Jid>>> outcome) {
    }
}
