package dev.wagateway.protocol.signal.groups;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.signal.SignalLocks;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.ratchet.ChainKey;

import java.security.SecureRandom;
import java.util.Objects;

/** Sets up group sender keys: records a received distribution message, or creates (and distributes) our own key. */
public final class GroupSessionBuilder {

    private final SenderKeyStore store;
    private final SignalLocks locks;
    private final SecureRandom random;

    /**
     * @param store  where sender keys live
     * @param locks  the locks shared with every {@link GroupCipher} on the same store
     * @param random for our own key id, chain key and signing key
     */
    public GroupSessionBuilder(SenderKeyStore store, SignalLocks locks, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Records the sender key that {@code name}'s sender distributed, so its group messages can be decrypted. */
    public void process(SenderKeyName name, SenderKeyDistributionMessage message) {
        Objects.requireNonNull(message, "message");
        try (var held = locks.hold(name)) {
            SenderKeyRecord record = store.loadSenderKey(name).orElseGet(SenderKeyRecord::new);
            record.addReceived(message.keyId(), message.iteration(), message.chainKey(), message.signingKey());
            store.storeSenderKey(name, record);
        }
    }

    /**
     * Our distribution message for {@code name} (a group and our own address), creating our sender key first if we
     * have none: a random 31-bit id, iteration 0, a random chain key and a new signing key pair.
     */
    public SenderKeyDistributionMessage create(SenderKeyName name) {
        try (var held = locks.hold(name)) {
            SenderKeyRecord record = store.loadSenderKey(name).orElseGet(SenderKeyRecord::new);
            SenderKeyState state = record.newest().filter(s -> s.signingPrivate().isPresent()).orElse(null);
            if (state == null) {
                byte[] chainKey = new byte[32];
                random.nextBytes(chainKey);
                KeyPair signing = Curve25519.generateKeyPair(random);
                state = new SenderKeyState(random.nextInt(Integer.MAX_VALUE), new ChainKey(chainKey, 0),
                        signing.publicKey(), signing.privateKey());
                record.setOwn(state);
                store.storeSenderKey(name, record);
            }
            return SenderKeyDistributionMessage.create(state.keyId(), state.chainKey().index(),
                    state.chainKey().key(), state.signingPublic());
        }
    }
}
