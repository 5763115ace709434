package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.store.SessionStore;
import dev.wagateway.protocol.signal.store.SignalStores;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session store for the encryption tests that counts how sessions are read and written around the store it wraps:
 * session loads, single-session writes, and the addresses of each batch write ({@link SessionStore#storeSessions}).
 * It can fail one batch write as a full disk would, writing none of it, to show that a failed commit leaves every
 * session as it was. Safe to use from many sending threads at once.
 */
final class CountingSessionStore implements SessionStore {

    /** The addresses of each batch written, in order; a failed batch is not among them. */
    final List<List<SignalAddress>> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger singleWrites = new AtomicInteger();
    private final SessionStore delegate;
    private final AtomicInteger batchWrites = new AtomicInteger();
    /** The number (from 1) of the batch write to fail, 0 for none. */
    private volatile int failingBatch;

    CountingSessionStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    /** {@code stores} with this counting store in place of its sessions. */
    SignalStores in(SignalStores stores) {
        return new SignalStores(stores.identities(), stores.preKeys(), stores.signedPreKeys(), this,
                stores.senderKeys());
    }

    /** Makes the {@code n}-th batch write (counted from 1, failed ones included) throw "disk full". */
    void failBatch(int n) {
        failingBatch = n;
    }

    /** Makes the next batch write throw "disk full". */
    void failNextBatch() {
        failingBatch = batchWrites.get() + 1;
    }

    @Override
    public Optional<SessionRecord> loadSession(SignalAddress address) {
        loads.incrementAndGet();
        return delegate.loadSession(address);
    }

    @Override
    public void storeSession(SignalAddress address, SessionRecord record) {
        singleWrites.incrementAndGet();
        delegate.storeSession(address, record);
    }

    @Override
    public void storeSessions(Map<SignalAddress, SessionRecord> records) {
        if (batchWrites.incrementAndGet() == failingBatch) {
            throw new IllegalStateException("disk full");
        }
        batches.add(List.copyOf(records.keySet()));
        records.forEach(delegate::storeSession);
    }

    @Override
    public void deleteSession(SignalAddress address) {
        delegate.deleteSession(address);
    }

    @Override
    public void deleteAllSessions(String name) {
        delegate.deleteAllSessions(name);
    }

    @Override
    public List<Integer> deviceIds(String name) {
        return delegate.deviceIds(name);
    }
}
