package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.groups.SenderKeyRecord;
import dev.wagateway.protocol.signal.groups.SenderKeyStore;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.message.PreKeySignalMessage;
import dev.wagateway.protocol.signal.message.WireFormat;
import dev.wagateway.protocol.signal.ratchet.SessionRecord;
import dev.wagateway.protocol.signal.store.IdentityKeyStore;
import dev.wagateway.protocol.signal.store.PreKeyStore;
import dev.wagateway.protocol.signal.store.SessionStore;
import dev.wagateway.protocol.signal.store.SignalStores;
import dev.wagateway.protocol.signal.store.SignedPreKeyStore;
import dev.wagateway.protocol.signal.store.TrustDecision;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated phone's Signal state, in memory, that can be written out and read back ({@link #snapshot()},
 * {@link #restore}): the sandbox keeps its phones' sessions across restarts, so the companions linked to them go on
 * decrypting. The five ports of {@link SignalStores} over these maps.
 *
 * <p>Sessions are kept as live {@link SessionRecord}s, not bytes: a phone decrypts every message sent to it, and
 * parsing and re-serializing the record for each one was a tenth of the sandbox's CPU per message. The port's contract
 * is an independent copy per load, so that a decryption that fails leaves the session as it was; the cipher only
 * changes a loaded record once the message has authenticated, except when a {@code pkmsg} brings a base key the
 * record does not know (the responder's new state is made current before the enclosed message is tried). So
 * {@link #stores()} hands out the live records and {@link #guardedStores()} copies, and the phone decrypts a
 * {@code pkmsg} with a new base key through the latter ({@link #knowsBaseKey}). Live records are changed only under
 * the phone's {@link #locks()}, which {@link #snapshot()} takes too.
 */
final class PhoneSignalStores implements IdentityKeyStore, PreKeyStore, SignedPreKeyStore, SessionStore,
        SenderKeyStore {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder UNBASE64 = Base64.getDecoder();

    private final IdentityKeyPair identity;
    private final int registrationId;
    private final Map<String, byte[]> identities = new ConcurrentHashMap<>();
    private final Map<String, byte[]> preKeys = new ConcurrentHashMap<>();
    private final Map<String, byte[]> signedPreKeys = new ConcurrentHashMap<>();
    private final Map<SignalAddress, SessionRecord> sessions = new ConcurrentHashMap<>();
    private final Map<String, byte[]> senderKeys = new ConcurrentHashMap<>();
    private final SignalLocks locks = new SignalLocks();
    private final SessionStore copyingSessions = new CopyingSessions();

    PhoneSignalStores(IdentityKeyPair identity, int registrationId) {
        this.identity = identity;
        this.registrationId = registrationId;
    }

    /** The five ports, for the builders and ciphers: sessions are loaded live (see the class comment). */
    SignalStores stores() {
        return new SignalStores(this, this, this, this, this);
    }

    /** The same ports, but each session load is an independent copy: for a decryption that may fail half-way. */
    SignalStores guardedStores() {
        return new SignalStores(this, this, this, copyingSessions, this);
    }

    /** The per-address locks every cipher and builder over these stores shares. */
    SignalLocks locks() {
        return locks;
    }

    /**
     * True when {@code address}'s record already has a state for this {@code pkmsg}'s base key, so that decrypting it
     * changes the live record only once the enclosed message has authenticated. The answer holds while the caller
     * holds the address's lock ({@link #locks()}) up to the decryption.
     */
    boolean knowsBaseKey(SignalAddress address, PreKeySignalMessage message) {
        SessionRecord record = sessions.get(address);
        return record != null && record.hasState(WireFormat.CURRENT_VERSION, message.baseKey());
    }

    /** Everything, as JSON: the identity, registration id, and every record as base64. */
    ObjectNode snapshot() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("identity", BASE64.encodeToString(identity.serialize()));
        node.put("registration_id", registrationId);
        node.set("identities", section(identities));
        node.set("pre_keys", section(preKeys));
        node.set("signed_pre_keys", section(signedPreKeys));
        ObjectNode sessionSection = JsonNodeFactory.instance.objectNode();
        sessions.keySet().forEach(address -> {
            try (var held = locks.hold(address)) {
                SessionRecord record = sessions.get(address);
                if (record != null) {
                    sessionSection.put(address.toString(), BASE64.encodeToString(record.serialize()));
                }
            }
        });
        node.set("sessions", sessionSection);
        node.set("sender_keys", section(senderKeys));
        return node;
    }

    /** The stores {@link #snapshot()} wrote. */
    static PhoneSignalStores restore(JsonNode node) {
        PhoneSignalStores stores = new PhoneSignalStores(
                IdentityKeyPair.parse(UNBASE64.decode(node.path("identity").asText())),
                node.path("registration_id").asInt());
        fill(stores.identities, node.path("identities"));
        fill(stores.preKeys, node.path("pre_keys"));
        fill(stores.signedPreKeys, node.path("signed_pre_keys"));
        node.path("sessions").properties().forEach(entry -> stores.sessions.put(SignalAddress.parse(entry.getKey()),
                SessionRecord.parse(UNBASE64.decode(entry.getValue().asText()))));
        fill(stores.senderKeys, node.path("sender_keys"));
        return stores;
    }

    private static ObjectNode section(Map<String, byte[]> records) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        records.forEach((key, value) -> node.put(key, BASE64.encodeToString(value)));
        return node;
    }

    private static void fill(Map<String, byte[]> records, JsonNode section) {
        section.properties().forEach(entry -> records.put(entry.getKey(), UNBASE64.decode(entry.getValue().asText())));
    }

    // identities

    @Override
    public IdentityKeyPair identityKeyPair() {
        return identity;
    }

    @Override
    public int localRegistrationId() {
        return registrationId;
    }

    @Override
    public TrustDecision decide(SignalAddress address, IdentityKey identityKey) {
        return TrustDecision.onFirstUse(identity(address), identityKey);
    }

    @Override
    public void saveIdentity(SignalAddress address, IdentityKey identityKey) {
        identities.put(address.toString(), identityKey.serialize());
    }

    @Override
    public Optional<IdentityKey> identity(SignalAddress address) {
        byte[] stored = identities.get(address.toString());
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(IdentityKey.decode(stored));
        } catch (SignalProtocolException e) {
            throw new IllegalStateException("stored identity of " + address + " is unreadable", e);
        }
    }

    @Override
    public void deleteIdentity(SignalAddress address) {
        identities.remove(address.toString());
    }

    // one-time pre-keys

    @Override
    public Optional<PreKey> loadPreKey(int preKeyId) {
        return Optional.ofNullable(preKeys.get(Integer.toString(preKeyId))).map(PreKey::parse);
    }

    @Override
    public void storePreKey(PreKey preKey) {
        preKeys.put(Integer.toString(preKey.id()), preKey.serialize());
    }

    @Override
    public boolean containsPreKey(int preKeyId) {
        return preKeys.containsKey(Integer.toString(preKeyId));
    }

    @Override
    public void removePreKey(int preKeyId) {
        preKeys.remove(Integer.toString(preKeyId));
    }

    // signed pre-keys

    @Override
    public Optional<SignedPreKey> loadSignedPreKey(int signedPreKeyId) {
        return Optional.ofNullable(signedPreKeys.get(Integer.toString(signedPreKeyId))).map(SignedPreKey::parse);
    }

    @Override
    public List<SignedPreKey> loadSignedPreKeys() {
        return signedPreKeys.values().stream().map(SignedPreKey::parse).toList();
    }

    @Override
    public void storeSignedPreKey(SignedPreKey signedPreKey) {
        signedPreKeys.put(Integer.toString(signedPreKey.id()), signedPreKey.serialize());
    }

    @Override
    public void removeSignedPreKey(int signedPreKeyId) {
        signedPreKeys.remove(Integer.toString(signedPreKeyId));
    }

    // sessions

    /** The live record: see the class comment for why this is safe with the phone's callers. */
    @Override
    public Optional<SessionRecord> loadSession(SignalAddress address) {
        return Optional.ofNullable(sessions.get(address));
    }

    @Override
    public void storeSession(SignalAddress address, SessionRecord record) {
        sessions.put(address, record);
    }

    @Override
    public void deleteSession(SignalAddress address) {
        sessions.remove(address);
    }

    @Override
    public void deleteAllSessions(String name) {
        sessions.keySet().removeIf(address -> address.name().equals(name));
    }

    @Override
    public List<Integer> deviceIds(String name) {
        return sessions.keySet().stream().filter(address -> address.name().equals(name))
                .map(SignalAddress::deviceId).sorted().toList();
    }

    /** The sessions port with the contract's independent copy per load, over the same live records. */
    private final class CopyingSessions implements SessionStore {

        @Override
        public Optional<SessionRecord> loadSession(SignalAddress address) {
            return Optional.ofNullable(sessions.get(address)).map(record -> SessionRecord.parse(record.serialize()));
        }

        @Override
        public void storeSession(SignalAddress address, SessionRecord record) {
            PhoneSignalStores.this.storeSession(address, record);
        }

        @Override
        public void deleteSession(SignalAddress address) {
            PhoneSignalStores.this.deleteSession(address);
        }

        @Override
        public void deleteAllSessions(String name) {
            PhoneSignalStores.this.deleteAllSessions(name);
        }

        @Override
        public List<Integer> deviceIds(String name) {
            return PhoneSignalStores.this.deviceIds(name);
        }
    }

    // sender keys

    @Override
    public Optional<SenderKeyRecord> loadSenderKey(SenderKeyName name) {
        return Optional.ofNullable(senderKeys.get(key(name))).map(SenderKeyRecord::parse);
    }

    @Override
    public void storeSenderKey(SenderKeyName name, SenderKeyRecord record) {
        senderKeys.put(key(name), record.serialize());
    }

    @Override
    public void deleteSenderKey(SenderKeyName name) {
        senderKeys.remove(key(name));
    }

    /** Group and sender: a group JID has no space, so the space separates them. */
    private static String key(SenderKeyName name) {
        return name.groupId() + " " + name.sender();
    }
}
