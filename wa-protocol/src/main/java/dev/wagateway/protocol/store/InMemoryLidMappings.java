package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link LidMappings} in memory; both directions change together under one lock. */
public final class InMemoryLidMappings implements LidMappings {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Jid, Jid> lidByPhone = new HashMap<>();
    private final Map<Jid, Jid> phoneByLid = new HashMap<>();

    @Override
    public void save(Jid phoneUser, Jid lidUser) {
        Jid phone = phoneUser.toNonAd();
        Jid lid = lidUser.toNonAd();
        lock.lock();
        try {
            Jid oldLid = lidByPhone.put(phone, lid);
            if (oldLid != null) {
                phoneByLid.remove(oldLid);
            }
            Jid oldPhone = phoneByLid.put(lid, phone);
            if (oldPhone != null && !oldPhone.equals(phone)) {
                lidByPhone.remove(oldPhone);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Jid> lidOf(Jid phoneUser) {
        lock.lock();
        try {
            return Optional.ofNullable(lidByPhone.get(phoneUser.toNonAd()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Jid> phoneOf(Jid lidUser) {
        lock.lock();
        try {
            return Optional.ofNullable(phoneByLid.get(lidUser.toNonAd()));
        } finally {
            lock.unlock();
        }
    }
}
