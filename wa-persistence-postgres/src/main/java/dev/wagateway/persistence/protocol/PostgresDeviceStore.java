package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.store.AppStateStore;
import dev.wagateway.protocol.store.DecryptionBuffer;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.LidMappings;
import dev.wagateway.protocol.store.PairedDevice;
import dev.wagateway.protocol.store.PreKeyCounters;
import dev.wagateway.protocol.store.PrivacyTokens;
import dev.wagateway.protocol.store.WaitingDeliveries;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/**
 * Everything the WhatsApp client persists for one device, in PostgreSQL: credentials, what pairing established,
 * pre-key counters, the Signal stores, app-state keys and collection states, LID pairings, privacy tokens, the
 * decryption buffer and the deliveries waiting for a device's keys. Writes are committed when the call returns.
 */
public final class PostgresDeviceStore implements DeviceStore {

    private static final List<String> TABLES = List.of("wa_device_credentials", "wa_paired_devices",
            "wa_pre_key_counters", "wa_signal_identities", "wa_signal_pre_keys", "wa_signal_signed_pre_keys",
            "wa_signal_sessions", "wa_signal_sender_keys", "wa_app_state_sync_keys", "wa_app_state_collections",
            "wa_lid_mappings", "wa_decryption_buffer", "wa_privacy_tokens", "wa_waiting_deliveries");

    private final Jdbi jdbi;
    private final String deviceKey;
    private final SignalStores signalStores;
    /** The Signal rows this instance cached (sessions, identities, sender keys), dropped by {@link #clear()}. */
    private final PostgresSignalStores.Caches signalCaches = new PostgresSignalStores.Caches();
    private final AppStateStore appState;
    private final PostgresLidMappings lidMappings;
    private final DecryptionBuffer decryptionBuffer;
    private final PostgresPrivacyTokens privacyTokens;
    private final WaitingDeliveries waitingDeliveries;
    /** Credentials change only at pairing; one client owns a device, so a cached copy stays true. */
    private volatile DeviceCredentials cachedCredentials;
    /**
     * The pairing, read on every send (our own JID, the message id); written only by this device's client (pairing,
     * push name), so the copy it last wrote or read stays true. An absent pairing is not cached.
     */
    private volatile PairedDevice cachedPairedDevice;

    /**
     * Every write in a transaction of its own on {@code jdbi} (so behind whatever fence its handles run under).
     *
     * @param deviceKey the device's stable key (the gateway uses its device id)
     */
    public PostgresDeviceStore(Jdbi jdbi, String deviceKey) {
        this(jdbi, deviceKey, rows -> PostgresSignalStores.commitAlone(jdbi, List.of(rows)));
    }

    /**
     * Every write in a transaction of its own on {@code jdbi}, except session writes: those share transactions with
     * other devices' through {@code sessionCommits}, which must use handles of the same (unfenced) database.
     *
     * @param deviceKey the device's stable key (the gateway uses its device id)
     */
    public PostgresDeviceStore(Jdbi jdbi, String deviceKey, SessionCommits sessionCommits) {
        this(jdbi, deviceKey, sessionCommits::commit);
    }

    private PostgresDeviceStore(Jdbi jdbi, String deviceKey, java.util.function.Consumer<SessionRows> sessionCommit) {
        this.jdbi = jdbi;
        this.deviceKey = deviceKey;
        this.signalStores = PostgresSignalStores.of(jdbi, deviceKey,
                () -> requireCredentials().identityKeyPair(), () -> requireCredentials().registrationId(),
                signalCaches, sessionCommit);
        this.appState = new PostgresAppStateStore(jdbi, deviceKey);
        this.lidMappings = new PostgresLidMappings(jdbi, deviceKey);
        this.decryptionBuffer = new PostgresDecryptionBuffer(jdbi, deviceKey);
        this.privacyTokens = new PostgresPrivacyTokens(jdbi, deviceKey);
        this.waitingDeliveries = new PostgresWaitingDeliveries(jdbi, deviceKey);
    }

    @Override
    public Optional<DeviceCredentials> credentials() {
        DeviceCredentials cached = cachedCredentials;
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<DeviceCredentials> loaded = loadCredentials();
        loaded.ifPresent(credentials -> cachedCredentials = credentials);
        return loaded;
    }

    private Optional<DeviceCredentials> loadCredentials() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select noise_private, identity_pair, registration_id, signed_pre_key, adv_secret
                        from wa_device_credentials where device_key = :d""")
                .bind("d", deviceKey)
                .map((rs, ctx) -> new DeviceCredentials(Curve25519.keyPairFromPrivate(rs.getBytes("noise_private")),
                        IdentityKeyPair.parse(rs.getBytes("identity_pair")), rs.getInt("registration_id"),
                        SignedPreKey.parse(rs.getBytes("signed_pre_key")), rs.getBytes("adv_secret")))
                .findOne());
    }

    /** Saves the credentials and, in the same transaction, their signed pre-key into the Signal store. */
    @Override
    public void saveCredentials(DeviceCredentials credentials) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                insert into wa_device_credentials (device_key, noise_private, identity_pair, registration_id,
                    signed_pre_key, adv_secret) values (:d, :n, :i, :r, :s, :a)
                on conflict (device_key) do update set noise_private = excluded.noise_private,
                    identity_pair = excluded.identity_pair, registration_id = excluded.registration_id,
                    signed_pre_key = excluded.signed_pre_key, adv_secret = excluded.adv_secret""")
                    .bind("d", deviceKey).bind("n", credentials.noiseKeyPair().privateKey())
                    .bind("i", credentials.identityKeyPair().serialize()).bind("r", credentials.registrationId())
                    .bind("s", credentials.signedPreKey().serialize()).bind("a", credentials.advSecret()).execute();
            h.createUpdate("""
                    insert into wa_signal_signed_pre_keys (device_key, signed_pre_key_id, record) values (:d, :i, :r)
                    on conflict (device_key, signed_pre_key_id) do update set record = excluded.record""")
                    .bind("d", deviceKey).bind("i", credentials.signedPreKey().id())
                    .bind("r", credentials.signedPreKey().serialize()).execute();
        });
        cachedCredentials = credentials;
    }

    @Override
    public Optional<PairedDevice> pairedDevice() {
        PairedDevice cached = cachedPairedDevice;
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<PairedDevice> loaded = loadPairedDevice();
        loaded.ifPresent(device -> cachedPairedDevice = device);
        return loaded;
    }

    private Optional<PairedDevice> loadPairedDevice() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select jid, lid, platform, business_name, account_identity, key_index, push_name
                        from wa_paired_devices where device_key = :d""")
                .bind("d", deviceKey)
                .map((rs, ctx) -> new PairedDevice(Jid.parse(rs.getString("jid")),
                        rs.getString("lid") == null ? null : Jid.parse(rs.getString("lid")), rs.getString("platform"),
                        rs.getString("business_name"), rs.getBytes("account_identity"), rs.getInt("key_index"),
                        rs.getString("push_name")))
                .findOne());
    }

    @Override
    public void savePairedDevice(PairedDevice device) {
        jdbi.useHandle(h -> h.createUpdate("""
                insert into wa_paired_devices (device_key, jid, lid, platform, business_name, account_identity,
                    key_index, push_name) values (:d, :j, :l, :p, :b, :a, :k, :n)
                on conflict (device_key) do update set jid = excluded.jid, lid = excluded.lid,
                    platform = excluded.platform, business_name = excluded.business_name,
                    account_identity = excluded.account_identity, key_index = excluded.key_index,
                    push_name = excluded.push_name""")
                .bind("d", deviceKey).bind("j", device.jid().toString())
                .bind("l", device.lidJid().map(Jid::toString).orElse(null)).bind("p", device.platform())
                .bind("b", device.businessName()).bind("a", device.accountIdentity()).bind("k", device.keyIndex())
                .bind("n", device.pushName()).execute());
        cachedPairedDevice = device;
    }

    @Override
    public PreKeyCounters preKeyCounters() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select next_id, first_unuploaded_id from wa_pre_key_counters where device_key = :d""")
                .bind("d", deviceKey)
                .map((rs, ctx) -> new PreKeyCounters(rs.getInt("next_id"), rs.getInt("first_unuploaded_id")))
                .findOne()).orElse(PreKeyCounters.INITIAL);
    }

    @Override
    public void savePreKeyCounters(PreKeyCounters counters) {
        jdbi.useHandle(h -> h.createUpdate("""
                insert into wa_pre_key_counters (device_key, next_id, first_unuploaded_id) values (:d, :n, :f)
                on conflict (device_key) do update set next_id = excluded.next_id,
                    first_unuploaded_id = excluded.first_unuploaded_id""")
                .bind("d", deviceKey).bind("n", counters.nextId()).bind("f", counters.firstUnuploadedId()).execute());
    }

    @Override
    public SignalStores signalStores() {
        return signalStores;
    }

    @Override
    public AppStateStore appState() {
        return appState;
    }

    @Override
    public LidMappings lidMappings() {
        return lidMappings;
    }

    @Override
    public PrivacyTokens privacyTokens() {
        return privacyTokens;
    }

    @Override
    public DecryptionBuffer decryptionBuffer() {
        return decryptionBuffer;
    }

    @Override
    public WaitingDeliveries waitingDeliveries() {
        return waitingDeliveries;
    }

    /** Deletes every row of this device, in one transaction. */
    @Override
    public void clear() {
        cachedCredentials = null;
        cachedPairedDevice = null;
        try {
            jdbi.useTransaction(h -> {
                for (String table : TABLES) {
                    h.createUpdate("delete from " + table + " where device_key = :d").bind("d", deviceKey).execute();
                }
            });
        } finally {
            // A read racing the delete may have cached a row the delete then removed.
            cachedCredentials = null;
            cachedPairedDevice = null;
            signalCaches.clear();
            lidMappings.forgetAll();
            privacyTokens.forgetAll();
        }
    }

    private DeviceCredentials requireCredentials() {
        return credentials().orElseThrow(() -> new IllegalStateException("device " + deviceKey + " has no credentials"));
    }
}
