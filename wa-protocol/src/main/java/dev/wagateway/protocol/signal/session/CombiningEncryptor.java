package dev.wagateway.protocol.signal.session;

import dev.wagateway.protocol.combining.CombinedOutcome;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.store.SignalStores;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * One device's concurrent pairwise encryptions combined into one ratchet commit (flat combining). Each send of a
 * device took the lock stripes of its addresses (the peer's devices, our own phone), stepped the sessions and
 * committed them (one transaction, one WAL flush) before the next send of that device, waiting on the same stripes,
 * could start: a device's sends queued behind one commit each. Here a send queues its request and takes the
 * combining lock; whoever holds it takes every request queued by then, encrypts them all under the stripes of the
 * union of their addresses ({@link SessionCipher#encryptBatch}: each session loaded once, stepped once per request in
 * queue order) and saves the final records in one {@code storeSessions} write, then hands every request its
 * ciphertexts. A send whose request a previous holder already did just leaves. The waiting that used to end in one
 * commit per send now ends in one commit per batch; nothing waits for another device (one instance per client, i.e.
 * per Signal store), and there is no timer and no thread of its own.
 *
 * <p>Durability is that of {@link SessionCipher#encryptAll}: the ratchet state is committed before any ciphertext
 * of the batch is returned; if a load or the commit fails, every request of the batch fails with that exception
 * (nothing may leave) and no store keeps the unsaved steps. An address without a session fails for itself only
 * ({@link SessionCipher.Encrypted.Failed}).
 *
 * <p>The combining lock is only ever taken before the stripes, never while holding one: callers must hold no stripe
 * of the {@link SignalLocks} given here. Other users of the stripes (decryption, group sends, retries, session
 * building) take them as before and meet a batch as they met a single send.
 */
public final class CombiningEncryptor {

    private final SignalLocks locks;
    private final IntConsumer batchSizes;
    /** Held by the thread doing the queued requests; owner of nothing but that turn. */
    private final ReentrantLock combining = new ReentrantLock();
    private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();

    /**
     * @param locks      the client's per-address locks, shared with every cipher and builder on its stores
     * @param batchSizes told the number of requests of each batch committed (for counters)
     */
    public CombiningEncryptor(SignalLocks locks, IntConsumer batchSizes) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.batchSizes = Objects.requireNonNull(batchSizes, "batchSizes");
    }

    /**
     * As {@link SessionCipher#encryptAll} on {@code stores}, possibly in one batch (one commit) with other requests
     * of this client waiting at the same time. Blocks until this request's batch is committed.
     *
     * @param paddedPlaintexts the plaintext for each address, in the order the answers keep
     * @throws RuntimeException a load or the save of the batch failed (the same exception for every request of the
     *                          batch): none of the ciphertexts may be sent
     */
    public Map<SignalAddress, SessionCipher.Encrypted> encryptAll(SignalStores stores,
                                                                   Map<SignalAddress, byte[]> paddedPlaintexts) {
        Objects.requireNonNull(stores, "stores");
        Map<SignalAddress, byte[]> copy = new LinkedHashMap<>();
        paddedPlaintexts.forEach((address, plaintext) -> copy.put(Objects.requireNonNull(address, "address"),
                Objects.requireNonNull(plaintext, "paddedPlaintext")));
        Request request = new Request(stores, copy, new CombinedOutcome<>());
        waiting.add(request);
        combining.lock();
        try {
            if (!request.outcome().finished()) {
                combineWaiting();
            }
        } finally {
            combining.unlock();
        }
        // written by a holder of the combining lock before it unlocked, which this thread locked after
        return request.outcome().get();
    }

    /** Under the combining lock: every request queued now, one batch per store (one store but across a re-pair). */
    private void combineWaiting() {
        List<Request> taken = new ArrayList<>();
        for (Request next = waiting.poll(); next != null; next = waiting.poll()) {
            taken.add(next);
        }
        while (!taken.isEmpty()) {
            SignalStores stores = taken.getFirst().stores();
            List<Request> batch = new ArrayList<>();
            List<Request> rest = new ArrayList<>();
            for (Request request : taken) {
                (request.stores() == stores ? batch : rest).add(request);
            }
            commit(stores, batch);
            taken = rest;
        }
    }

    private void commit(SignalStores stores, List<Request> batch) {
        List<Map<SignalAddress, SessionCipher.Encrypted>> results;
        try {
            results = SessionCipher.encryptBatch(stores, locks,
                    batch.stream().map(Request::plaintexts).toList());
        } catch (RuntimeException | Error e) {
            batch.forEach(request -> request.outcome().fail(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).outcome().complete(results.get(i));
        }
        batchSizes.accept(batch.size());
    }

    /** One send's encryption; finished by whichever thread committed its batch, under the combining lock. */
    private record Request(SignalStores stores, Map<SignalAddress, byte[]> plaintexts,
                           CombinedOutcome<Map<SignalAddress, SessionCipher.Encrypted>> outcome) {
    }
}
