package dev.wagateway.protocol.signal.groups;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.proto.SignalSenderKeyStateRecord;
import dev.wagateway.protocol.proto.SignalSenderMessageKeyRecord;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.ratchet.ChainKey;
import dev.wagateway.protocol.signal.ratchet.ChainWalk;
import dev.wagateway.protocol.signal.ratchet.RatchetLimits;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One sender key of a group sender: its id, the chain key of the next message, the signing key (with the private half
 * only for our own keys) and the keys of messages passed over (at most {@link RatchetLimits#MAX_SKIPPED_KEYS}).
 * Mutable, touched only under the sender-key lock.
 */
public final class SenderKeyState {

    private final int keyId;
    private ChainKey chainKey;
    private final byte[] signingPublic;
    private final byte[] signingPrivate;
    // Insertion order is iteration order: the first entry is the oldest to drop.
    private final LinkedHashMap<Long, byte[]> skipped = new LinkedHashMap<>();

    SenderKeyState(int keyId, ChainKey chainKey, byte[] signingPublic, byte[] signingPrivate) {
        this.keyId = keyId;
        this.chainKey = chainKey;
        this.signingPublic = Curve25519.withoutTypePrefix(signingPublic).clone();
        if (signingPrivate != null && signingPrivate.length != Curve25519.KEY_LENGTH) {
            throw new IllegalArgumentException("a signing private key has 32 bytes");
        }
        this.signingPrivate = signingPrivate == null ? null : signingPrivate.clone();
    }

    /** The sender key id. */
    public int keyId() {
        return keyId;
    }

    /** The chain key of the next message. */
    public ChainKey chainKey() {
        return chainKey;
    }

    /** The public signing key (raw, a copy). */
    public byte[] signingPublic() {
        return signingPublic.clone();
    }

    /** The private signing key: present only for our own sender keys. */
    public Optional<byte[]> signingPrivate() {
        return Optional.ofNullable(signingPrivate).map(byte[]::clone);
    }

    boolean hasSigningKey(byte[] publicKey) {
        return Arrays.equals(signingPublic, publicKey);
    }

    /** Number of kept keys of passed-over messages. */
    public int skippedCount() {
        return skipped.size();
    }

    /** Moves the chain on by one (after we encrypted with it). */
    void advance() {
        chainKey = chainKey.next();
    }

    /**
     * Works out the key of the message at {@code iteration} and how the state would change.
     *
     * @throws SignalProtocolException {@link SignalError.DuplicateMessage} for an iteration already used,
     *                                 {@link SignalError.TooManySkippedMessages} for one too far ahead
     */
    SenderKeyStep prepare(long iteration) throws SignalProtocolException {
        if (iteration < chainKey.index()) {
            byte[] seed = skipped.get(iteration);
            if (seed == null) {
                throw new SignalProtocolException(new SignalError.DuplicateMessage(iteration));
            }
            return new SenderKeyStep.FromSkipped(SenderMessageKey.fromSeed(seed, iteration));
        }
        ChainWalk walk = ChainWalk.to(chainKey, iteration);
        return new SenderKeyStep.Advance(walk, SenderMessageKey.fromSeed(walk.targetSeed(), iteration));
    }

    /** Commits a prepared step once its message has decrypted. */
    void apply(SenderKeyStep step) {
        switch (step) {
            case SenderKeyStep.FromSkipped fromSkipped -> skipped.remove(fromSkipped.key().iteration());
            case SenderKeyStep.Advance advance -> {
                advance.walk().skipped().forEach(key -> skipped.put(key.index(), key.seed()));
                trimSkipped();
                chainKey = advance.walk().nextChainKey();
            }
        }
    }

    private void trimSkipped() {
        Iterator<Long> oldest = skipped.keySet().iterator();
        while (skipped.size() > RatchetLimits.MAX_SKIPPED_KEYS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    SignalSenderKeyStateRecord toProto() {
        SignalSenderKeyStateRecord.Builder builder = SignalSenderKeyStateRecord.newBuilder()
                .setKeyId(keyId)
                .setIteration((int) chainKey.index())
                .setChainKey(ByteString.copyFrom(chainKey.key()))
                .setSigningPublic(ByteString.copyFrom(signingPublic));
        if (signingPrivate != null) {
            builder.setSigningPrivate(ByteString.copyFrom(signingPrivate));
        }
        for (Map.Entry<Long, byte[]> entry : skipped.entrySet()) {
            builder.addSkippedKeys(SignalSenderMessageKeyRecord.newBuilder()
                    .setIteration((int) (long) entry.getKey())
                    .setSeed(ByteString.copyFrom(entry.getValue())));
        }
        return builder.build();
    }

    static SenderKeyState fromProto(SignalSenderKeyStateRecord record) {
        SenderKeyState state = new SenderKeyState(record.getKeyId(),
                new ChainKey(record.getChainKey().toByteArray(), Integer.toUnsignedLong(record.getIteration())),
                record.getSigningPublic().toByteArray(),
                record.hasSigningPrivate() ? record.getSigningPrivate().toByteArray() : null);
        for (SignalSenderMessageKeyRecord key : record.getSkippedKeysList()) {
            if (key.getSeed().size() != 32) {
                throw new IllegalArgumentException("a sender message key seed has 32 bytes");
            }
            state.skipped.put(Integer.toUnsignedLong(key.getIteration()), key.getSeed().toByteArray());
        }
        state.trimSkipped();
        return state;
    }
}
