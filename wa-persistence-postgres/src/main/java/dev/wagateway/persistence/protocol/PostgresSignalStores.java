package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.groups.SenderKeyRecord;
import dev.wagateway.protocol.signal.groups.SenderKeyStore;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.store.IdentityKeyStore;
import dev.wagateway.protocol.signal.store.PreKeyStore;
import dev.wagateway.protocol.signal.store.SessionStore;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.signal.store.SignedPreKeyStore;
import dev.wagateway.protocol.signal.store.TrustDecision;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Signal stores of one device in PostgreSQL: every write is committed when the call returns, so a message is
 * never acknowledged to WhatsApp before the session state that decrypted it is durable, and no frame leaves before
 * the ratchet step that encrypted it is. Sessions, identities and sender keys are read through a write-through
 * {@link RowCache} of this store instance (the one writer of its device's rows).
 */
final class PostgresSignalStores {

    /*
     * Bounds of each device's cached rows (RowCache): every send reads the session and identity of each recipient
     * device (and its phone-number address, for the LID move), which cost a round trip each before. A few thousand
     * rows of about a kilobyte stay small beside the session itself; a device talking to more re-reads the overflow.
     */
    private static final int CACHED_SESSIONS = 2048;
    private static final int CACHED_IDENTITIES = 2048;
    private static final int CACHED_SENDER_KEYS = 512;

    private PostgresSignalStores() {
    }

    /** The cached rows of one device's Signal stores, dropped together when the device's rows are deleted. */
    record Caches(RowCache<SignalAddress, IdentityKey> identities, RowCache<SignalAddress, byte[]> sessions,
                  RowCache<SenderKeyName, byte[]> senderKeys) {

        Caches() {
            this(new RowCache<>(CACHED_IDENTITIES), new RowCache<>(CACHED_SESSIONS),
                    new RowCache<>(CACHED_SENDER_KEYS));
        }

        void clear() {
            identities.clear();
            sessions.clear();
            senderKeys.clear();
        }
    }

    /**
     * @param identity       our identity key pair (from the device's credentials)
     * @param registrationId our registration id (likewise)
     * @param caches         this store instance's cached rows
     * @param sessionCommit  commits a write of session rows before returning (alone, or shared with other devices)
     */
    static SignalStores of(Jdbi jdbi, String deviceKey, Supplier<IdentityKeyPair> identity,
                           Supplier<Integer> registrationId, Caches caches, Consumer<SessionRows> sessionCommit) {
        return new SignalStores(new Identities(jdbi, deviceKey, identity, registrationId, caches.identities()),
                new PreKeys(jdbi, deviceKey), new SignedPreKeys(jdbi, deviceKey),
                new Sessions(jdbi, deviceKey, caches.sessions(), sessionCommit),
                new SenderKeys(jdbi, deviceKey, caches.senderKeys()));
    }

    /**
     * Commits {@code writes} in one transaction on {@code jdbi} (so behind whatever fence its handles run under): one
     * row as one statement in autocommit, several as one batch in a transaction.
     */
    static void commitAlone(Jdbi jdbi, List<SessionRows> writes) {
        int rows = 0;
        for (SessionRows write : writes) {
            rows += write.rows().size();
        }
        if (rows == 1) {
            jdbi.useHandle(h -> SessionRows.upsert(h.getConnection(), writes));
        } else {
            jdbi.useTransaction(h -> SessionRows.upsert(h.getConnection(), writes));
        }
    }

    private record Identities(Jdbi jdbi, String deviceKey, Supplier<IdentityKeyPair> identity,
                              Supplier<Integer> registrationId, RowCache<SignalAddress, IdentityKey> cache)
            implements IdentityKeyStore {

        @Override
        public IdentityKeyPair identityKeyPair() {
            return identity.get();
        }

        @Override
        public int localRegistrationId() {
            return registrationId.get();
        }

        @Override
        public TrustDecision decide(SignalAddress address, IdentityKey identityKey) {
            // WhatsApp accepts a changed identity and reports it: the decision records, it never refuses.
            return identity(address).<TrustDecision>map(known -> known.equals(identityKey)
                    ? new TrustDecision.Unchanged() : new TrustDecision.Changed(known))
                    .orElseGet(TrustDecision.FirstUse::new);
        }

        @Override
        public void saveIdentity(SignalAddress address, IdentityKey identityKey) {
            cache.write(address, Optional.of(identityKey), () -> jdbi.useHandle(h -> h.createUpdate("""
                    insert into wa_signal_identities (device_key, address, identity) values (:d, :a, :i)
                    on conflict (device_key, address) do update set identity = excluded.identity""")
                    .bind("d", deviceKey).bind("a", address.toString()).bind("i", identityKey.serialize()).execute()));
        }

        @Override
        public Optional<IdentityKey> identity(SignalAddress address) {
            return cache.get(address, () -> load(address));
        }

        private Optional<IdentityKey> load(SignalAddress address) {
            Optional<byte[]> stored = jdbi.withHandle(h -> h.createQuery(
                            "select identity from wa_signal_identities where device_key = :d and address = :a")
                    .bind("d", deviceKey).bind("a", address.toString()).mapTo(byte[].class).findOne());
            return stored.map(bytes -> {
                try {
                    return IdentityKey.decode(bytes);
                } catch (SignalProtocolException e) {
                    throw new IllegalStateException("stored identity of " + address + " is corrupt", e);
                }
            });
        }

        @Override
        public void deleteIdentity(SignalAddress address) {
            cache.write(address, Optional.empty(), () -> jdbi.useHandle(h -> h.createUpdate(
                            "delete from wa_signal_identities where device_key = :d and address = :a")
                    .bind("d", deviceKey).bind("a", address.toString()).execute()));
        }
    }

    private record PreKeys(Jdbi jdbi, String deviceKey) implements PreKeyStore {

        @Override
        public Optional<PreKey> loadPreKey(int preKeyId) {
            return jdbi.withHandle(h -> h.createQuery(
                            "select record from wa_signal_pre_keys where device_key = :d and pre_key_id = :i")
                    .bind("d", deviceKey).bind("i", preKeyId).mapTo(byte[].class).findOne()).map(PreKey::parse);
        }

        private static final String UPSERT = """
                insert into wa_signal_pre_keys (device_key, pre_key_id, record) values (:d, :i, :r)
                on conflict (device_key, pre_key_id) do update set record = excluded.record""";

        @Override
        public void storePreKey(PreKey preKey) {
            jdbi.useHandle(h -> h.createUpdate(UPSERT)
                    .bind("d", deviceKey).bind("i", preKey.id()).bind("r", preKey.serialize()).execute());
        }

        @Override
        public void storePreKeys(List<PreKey> preKeys) {
            if (preKeys.isEmpty()) {
                return;
            }
            jdbi.useTransaction(h -> {
                PreparedBatch batch = h.prepareBatch(UPSERT);
                for (PreKey preKey : preKeys) {
                    batch.bind("d", deviceKey).bind("i", preKey.id()).bind("r", preKey.serialize()).add();
                }
                batch.execute();
            });
        }

        @Override
        public boolean containsPreKey(int preKeyId) {
            return loadPreKey(preKeyId).isPresent();
        }

        @Override
        public void removePreKey(int preKeyId) {
            jdbi.useHandle(h -> h.createUpdate("delete from wa_signal_pre_keys where device_key = :d and pre_key_id = :i")
                    .bind("d", deviceKey).bind("i", preKeyId).execute());
        }
    }

    private record SignedPreKeys(Jdbi jdbi, String deviceKey) implements SignedPreKeyStore {

        @Override
        public Optional<SignedPreKey> loadSignedPreKey(int signedPreKeyId) {
            return jdbi.withHandle(h -> h.createQuery("""
                            select record from wa_signal_signed_pre_keys where device_key = :d and signed_pre_key_id = :i""")
                    .bind("d", deviceKey).bind("i", signedPreKeyId).mapTo(byte[].class).findOne()).map(SignedPreKey::parse);
        }

        @Override
        public List<SignedPreKey> loadSignedPreKeys() {
            return jdbi.withHandle(h -> h.createQuery("""
                            select record from wa_signal_signed_pre_keys where device_key = :d order by signed_pre_key_id""")
                    .bind("d", deviceKey).mapTo(byte[].class).list()).stream().map(SignedPreKey::parse).toList();
        }

        @Override
        public void storeSignedPreKey(SignedPreKey signedPreKey) {
            jdbi.useHandle(h -> h.createUpdate("""
                    insert into wa_signal_signed_pre_keys (device_key, signed_pre_key_id, record) values (:d, :i, :r)
                    on conflict (device_key, signed_pre_key_id) do update set record = excluded.record""")
                    .bind("d", deviceKey).bind("i", signedPreKey.id()).bind("r", signedPreKey.serialize()).execute());
        }

        @Override
        public void removeSignedPreKey(int signedPreKeyId) {
            jdbi.useHandle(h -> h.createUpdate("""
                    delete from wa_signal_signed_pre_keys where device_key = :d and signed_pre_key_id = :i""")
                    .bind("d", deviceKey).bind("i", signedPreKeyId).execute());
        }
    }

    /**
     * Sessions, cached as their serialized bytes: every load parses its own copy, as the port requires. Writes are
     * committed before they are cached.
     */
    private record Sessions(Jdbi jdbi, String deviceKey, RowCache<SignalAddress, byte[]> cache,
                            Consumer<SessionRows> commit) implements SessionStore {

        @Override
        public Optional<SessionRecord> loadSession(SignalAddress address) {
            return cache.get(address, () -> jdbi.withHandle(h -> h.createQuery("""
                            select record from wa_signal_sessions where device_key = :d and name = :n and device_id = :i""")
                    .bind("d", deviceKey).bind("n", address.name()).bind("i", address.deviceId())
                    .mapTo(byte[].class).findOne())).map(SessionRecord::parse);
        }

        @Override
        public boolean hasSession(SignalAddress address) {
            return loadSession(address).flatMap(SessionRecord::current).isPresent();
        }

        @Override
        public void storeSession(SignalAddress address, SessionRecord record) {
            byte[] serialized = record.serialize();
            cache.write(address, Optional.of(serialized),
                    () -> commit.accept(new SessionRows(deviceKey, Map.of(address, serialized))));
        }

        /** One commit (one fsync) for all of them. */
        @Override
        public void storeSessions(Map<SignalAddress, SessionRecord> records) {
            if (records.isEmpty()) {
                return;
            }
            Map<SignalAddress, byte[]> serialized = new LinkedHashMap<>();
            records.forEach((address, record) -> serialized.put(address, record.serialize()));
            try {
                commit.accept(new SessionRows(deviceKey, serialized));
            } catch (RuntimeException | Error e) {
                serialized.keySet().forEach(cache::forget);
                throw e;
            }
            serialized.forEach((address, bytes) -> cache.put(address, Optional.of(bytes)));
        }

        @Override
        public void deleteSession(SignalAddress address) {
            cache.write(address, Optional.empty(), () -> jdbi.useHandle(h -> h.createUpdate(
                            "delete from wa_signal_sessions where device_key = :d and name = :n and device_id = :i")
                    .bind("d", deviceKey).bind("n", address.name()).bind("i", address.deviceId()).execute()));
        }

        @Override
        public void deleteAllSessions(String name) {
            try {
                jdbi.useHandle(h -> h.createUpdate("delete from wa_signal_sessions where device_key = :d and name = :n")
                        .bind("d", deviceKey).bind("n", name).execute());
            } finally {
                cache.clear();
            }
        }

        @Override
        public List<Integer> deviceIds(String name) {
            return jdbi.withHandle(h -> h.createQuery("""
                            select device_id from wa_signal_sessions where device_key = :d and name = :n order by device_id""")
                    .bind("d", deviceKey).bind("n", name).mapTo(Integer.class).list());
        }
    }

    /** Sender keys, cached as their serialized bytes (each load parses its own copy). */
    private record SenderKeys(Jdbi jdbi, String deviceKey, RowCache<SenderKeyName, byte[]> cache)
            implements SenderKeyStore {

        @Override
        public Optional<SenderKeyRecord> loadSenderKey(SenderKeyName name) {
            return cache.get(name, () -> jdbi.withHandle(h -> h.createQuery("""
                            select record from wa_signal_sender_keys where device_key = :d and group_id = :g and sender = :s""")
                    .bind("d", deviceKey).bind("g", name.groupId()).bind("s", name.sender().toString())
                    .mapTo(byte[].class).findOne())).map(SenderKeyRecord::parse);
        }

        @Override
        public void storeSenderKey(SenderKeyName name, SenderKeyRecord record) {
            byte[] serialized = record.serialize();
            cache.write(name, Optional.of(serialized), () -> jdbi.useHandle(h -> h.createUpdate("""
                    insert into wa_signal_sender_keys (device_key, group_id, sender, record) values (:d, :g, :s, :r)
                    on conflict (device_key, group_id, sender) do update set record = excluded.record""")
                    .bind("d", deviceKey).bind("g", name.groupId()).bind("s", name.sender().toString())
                    .bind("r", serialized).execute()));
        }

        @Override
        public void deleteSenderKey(SenderKeyName name) {
            cache.write(name, Optional.empty(), () -> jdbi.useHandle(h -> h.createUpdate("""
                    delete from wa_signal_sender_keys where device_key = :d and group_id = :g and sender = :s""")
                    .bind("d", deviceKey).bind("g", name.groupId()).bind("s", name.sender().toString()).execute()));
        }
    }
}
