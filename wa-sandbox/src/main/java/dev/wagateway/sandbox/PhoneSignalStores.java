package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated phone's Signal state, in memory as serialized records, that can be written out and read back
 * ({@link #snapshot()}, {@link #restore}): the sandbox keeps its phones' sessions across restarts, so the companions
 * linked to them go on decrypting. The five ports of {@link SignalStores} over these maps.
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
    private final Map<String, byte[]> sessions = new ConcurrentHashMap<>();
    private final Map<String, byte[]> senderKeys = new ConcurrentHashMap<>();

    PhoneSignalStores(IdentityKeyPair identity, int registrationId) {
        this.identity = identity;
        this.registrationId = registrationId;
    }

    /** The five ports, for the builders and ciphers. */
    SignalStores stores() {
        return new SignalStores(this, this, this, this, this);
    }

    /** Everything, as JSON: the identity, registration id, and every record as base64. */
    ObjectNode snapshot() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("identity", BASE64.encodeToString(identity.serialize()));
        node.put("registration_id", registrationId);
        node.set("identities", section(identities));
        node.set("pre_keys", section(preKeys));
        node.set("signed_pre_keys", section(signedPreKeys));
        node.set("sessions", section(sessions));
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
        fill(stores.sessions, node.path("sessions"));
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

    @Override
    public Optional<SessionRecord> loadSession(SignalAddress address) {
        return Optional.ofNullable(sessions.get(address.toString())).map(SessionRecord::parse);
    }

    @Override
    public void storeSession(SignalAddress address, SessionRecord record) {
        sessions.put(address.toString(), record.serialize());
    }

    @Override
    public void deleteSession(SignalAddress address) {
        sessions.remove(address.toString());
    }

    @Override
    public void deleteAllSessions(String name) {
        sessions.keySet().removeIf(key -> SignalAddress.parse(key).name().equals(name));
    }

    @Override
    public List<Integer> deviceIds(String name) {
        return sessions.keySet().stream().map(SignalAddress::parse).filter(address -> address.name().equals(name))
                .map(SignalAddress::deviceId).sorted().toList();
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
