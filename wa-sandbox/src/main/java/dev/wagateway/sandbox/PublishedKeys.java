package dev.wagateway.sandbox;

import java.util.ArrayDeque;
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

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<PreKey> preKeys = new ArrayDeque<>();
    private int registrationId;
    private byte[] identityKey;
    private SignedPreKey signedPreKey;

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
        } finally {
            lock.unlock();
        }
    }

    /** Hands out a bundle, consuming one one-time pre-key as the real server does. */
    Bundle takeBundle() {
        lock.lock();
        try {
            return new Bundle(registrationId, identityKey.clone(), signedPreKey, Optional.ofNullable(preKeys.pollFirst()));
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
}
