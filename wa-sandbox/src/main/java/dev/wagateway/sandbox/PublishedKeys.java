package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Signal keys a device published to the server: registration id, identity, signed pre-key and the one-time
 * pre-keys not handed out yet. What other devices fetch as a pre-key bundle.
 */
final class PublishedKeys {

    /** One pre-key: its id and 32-byte public key. */
    record PreKey(int id, byte[] publicKey) {
    }

    /** The signed pre-key with its signature by the identity key. */
    record SignedPreKey(int id, byte[] publicKey, byte[] signature) {
    }

    /** A bundle handed out: the one-time pre-key may be absent when the device ran out. */
    record Bundle(int registrationId, byte[] identityKey, SignedPreKey signedPreKey, Optional<PreKey> preKey) {
    }

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder UNBASE64 = Base64.getDecoder();

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<PreKey> preKeys = new ArrayDeque<>();
    private int registrationId;
    private byte[] identityKey;
    private SignedPreKey signedPreKey;
    /** The {@code keys_unavailable} fault: no bundle is handed out until the device uploads keys again. */
    private boolean withheld;

    PublishedKeys(int registrationId, byte[] identityKey, SignedPreKey signedPreKey) {
        this.registrationId = registrationId;
        this.identityKey = identityKey.clone();
        this.signedPreKey = signedPreKey;
    }

    /** A new upload: identity and signed pre-key replaced, pre-keys added (duplicates by id ignored). */
    void upload(int newRegistrationId, byte[] newIdentityKey, SignedPreKey newSignedPreKey, Iterable<PreKey> keys) {
        lock.lock();
        try {
            registrationId = newRegistrationId;
            identityKey = newIdentityKey.clone();
            if (newSignedPreKey != null) {
                signedPreKey = newSignedPreKey;
            }
            for (PreKey key : keys) {
                if (preKeys.stream().noneMatch(existing -> existing.id() == key.id())) {
                    preKeys.addLast(key);
                }
            }
            withheld = false; // the device published keys again: the server has something to hand out
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands out a bundle, consuming one one-time pre-key as the real server does (a device that ran out of them
     * still has its signed pre-key handed out, without {@code <key>}); empty while the keys are withheld.
     */
    Optional<Bundle> takeBundle() {
        lock.lock();
        try {
            if (withheld) {
                return Optional.empty();
            }
            return Optional.of(new Bundle(registrationId, identityKey.clone(), signedPreKey,
                    Optional.ofNullable(preKeys.pollFirst())));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The {@code keys_unavailable} fault: the one-time pre-keys are gone and no bundle is handed out for the device
     * until it uploads keys again ({@link #upload}) or {@link #release()} ends the fault.
     */
    void withhold() {
        lock.lock();
        try {
            preKeys.clear();
            withheld = true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends {@link #withhold()} without an upload (a phone, whose keys the sandbox publishes itself). */
    void release() {
        lock.lock();
        try {
            withheld = false;
        } finally {
            lock.unlock();
        }
    }

    boolean withheld() {
        lock.lock();
        try {
            return withheld;
        } finally {
            lock.unlock();
        }
    }

    int preKeyCount() {
        lock.lock();
        try {
            return preKeys.size();
        } finally {
            lock.unlock();
        }
    }

    byte[] identityKey() {
        lock.lock();
        try {
            return identityKey.clone();
        } finally {
            lock.unlock();
        }
    }

    /** What the server holds for the device, as JSON (keys base64), for the sandbox's state file. */
    ObjectNode snapshot() {
        lock.lock();
        try {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("registration_id", registrationId);
            node.put("withheld", withheld);
            node.put("identity", BASE64.encodeToString(identityKey));
            ObjectNode signed = node.putObject("signed_pre_key");
            signed.put("id", signedPreKey.id());
            signed.put("public", BASE64.encodeToString(signedPreKey.publicKey()));
            signed.put("signature", BASE64.encodeToString(signedPreKey.signature()));
            ArrayNode remaining = node.putArray("pre_keys");
            for (PreKey key : preKeys) {
                remaining.addObject().put("id", key.id()).put("public", BASE64.encodeToString(key.publicKey()));
            }
            return node;
        } finally {
            lock.unlock();
        }
    }

    /** The keys {@link #snapshot()} wrote. */
    static PublishedKeys restore(JsonNode node) {
        JsonNode signed = node.path("signed_pre_key");
        PublishedKeys keys = new PublishedKeys(node.path("registration_id").asInt(),
                UNBASE64.decode(node.path("identity").asText()), new SignedPreKey(signed.path("id").asInt(),
                UNBASE64.decode(signed.path("public").asText()), UNBASE64.decode(signed.path("signature").asText())));
        for (JsonNode key : node.path("pre_keys")) {
            keys.preKeys.addLast(new PreKey(key.path("id").asInt(), UNBASE64.decode(key.path("public").asText())));
        }
        keys.withheld = node.path("withheld").asBoolean(false);
        return keys;
    }
}
