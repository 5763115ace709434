package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link LidMappings} in front of a device's store: pairings already known are answered from memory and not written
 * again, so that every usync answer and group member list (a thousand members) does not rewrite the same rows. A
 * pairing of an account does not change, so a cached pairing stays true; unknown users are asked of the store each
 * time.
 */
public final class CachedLidMappings implements LidMappings {

    private final Supplier<LidMappings> store;
    private final Map<Jid, Jid> lidByPhone = new ConcurrentHashMap<>();
    private final Map<Jid, Jid> phoneByLid = new ConcurrentHashMap<>();

    /** @param store the device store's mappings, asked at each use (a store may replace them when it is reset) */
    public CachedLidMappings(Supplier<LidMappings> store) {
        this.store = store;
    }

    @Override
    public void save(Jid phoneUser, Jid lidUser) {
        Jid phone = phoneUser.toNonAd();
        Jid lid = lidUser.toNonAd();
        if (lid.equals(lidByPhone.get(phone)) && phone.equals(phoneByLid.get(lid))) {
            return;
        }
        store.get().save(phone, lid);
        remember(phone, lid);
    }

    @Override
    public Optional<Jid> lidOf(Jid phoneUser) {
        Jid phone = phoneUser.toNonAd();
        Jid cached = lidByPhone.get(phone);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Jid> stored = store.get().lidOf(phone);
        stored.ifPresent(lid -> remember(phone, lid));
        return stored;
    }

    @Override
    public Optional<Jid> phoneOf(Jid lidUser) {
        Jid lid = lidUser.toNonAd();
        Jid cached = phoneByLid.get(lid);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Jid> stored = store.get().phoneOf(lid);
        stored.ifPresent(phone -> remember(phone, lid));
        return stored;
    }

    private void remember(Jid phone, Jid lid) {
        Jid oldLid = lidByPhone.put(phone, lid);
        if (oldLid != null && !oldLid.equals(lid)) {
            phoneByLid.remove(oldLid);
        }
        Jid oldPhone = phoneByLid.put(lid, phone);
        if (oldPhone != null && !oldPhone.equals(phone)) {
            lidByPhone.remove(oldPhone);
        }
    }
}
