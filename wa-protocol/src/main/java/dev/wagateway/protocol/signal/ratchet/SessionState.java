package dev.wagateway.protocol.signal.ratchet;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.proto.SignalChainKeyRecord;
import dev.wagateway.protocol.proto.SignalPendingPreKeyRecord;
import dev.wagateway.protocol.proto.SignalReceiverChainRecord;
import dev.wagateway.protocol.proto.SignalSenderChainRecord;
import dev.wagateway.protocol.proto.SignalSessionStateRecord;
import dev.wagateway.protocol.proto.SignalSkippedKeyRecord;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalProtocolException;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.message.SignalMessage;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One Double Ratchet session with one device: identities, root key, our sending chain, the receiving chains, and
 * while we are the unanswered initiator, the pre-key data our messages must repeat. Mutable, and only ever touched
 * under the address lock.
 */
public final class SessionState {

    private final int version;
    private final IdentityKey localIdentity;
    private final IdentityKey remoteIdentity;
    private final int localRegistrationId;
    private final int remoteRegistrationId;
    private final byte[] baseKey;
    private RootKey rootKey;
    private long previousCounter;
    private SenderChain senderChain;
    // Oldest first; a new ratchet key of the peer appends.
    private final List<ReceiverChain> receiverChains = new ArrayList<>();
    private PendingPreKey pendingPreKey;

    SessionState(int version, IdentityKey localIdentity, IdentityKey remoteIdentity, int localRegistrationId,
                 int remoteRegistrationId, byte[] baseKey, RootKey rootKey, long previousCounter,
                 SenderChain senderChain, PendingPreKey pendingPreKey) {
        this.version = version;
        this.localIdentity = Objects.requireNonNull(localIdentity, "localIdentity");
        this.remoteIdentity = Objects.requireNonNull(remoteIdentity, "remoteIdentity");
        this.localRegistrationId = localRegistrationId;
        this.remoteRegistrationId = remoteRegistrationId;
        if (baseKey == null || baseKey.length != Curve25519.KEY_LENGTH) {
            throw new IllegalArgumentException("a session's base key has 32 bytes");
        }
        this.baseKey = baseKey.clone();
        this.rootKey = Objects.requireNonNull(rootKey, "rootKey");
        this.previousCounter = previousCounter;
        this.senderChain = Objects.requireNonNull(senderChain, "senderChain");
        this.pendingPreKey = pendingPreKey;
    }

    /** The protocol version (3). */
    public int version() {
        return version;
    }

    /** Our identity when the session was set up. */
    public IdentityKey localIdentity() {
        return localIdentity;
    }

    /** The peer's identity this session is bound to. */
    public IdentityKey remoteIdentity() {
        return remoteIdentity;
    }

    /** Our registration id. */
    public int localRegistrationId() {
        return localRegistrationId;
    }

    /** The peer's registration id (from its bundle or its {@code pkmsg}). */
    public int remoteRegistrationId() {
        return remoteRegistrationId;
    }

    /** The initiator's base key, which names this session on both sides (raw 32 bytes, a copy). */
    public byte[] baseKey() {
        return baseKey.clone();
    }

    boolean hasBaseKey(byte[] key) {
        return Arrays.equals(baseKey, key);
    }

    /** The current root key. */
    public RootKey rootKey() {
        return rootKey;
    }

    /** The length of our previous sending chain. */
    public long previousCounter() {
        return previousCounter;
    }

    /** Our sending chain. */
    public SenderChain senderChain() {
        return senderChain;
    }

    /** Moves our sending chain one message on (after encrypting). */
    public void advanceSenderChain() {
        senderChain = senderChain.advance();
    }

    /** The receiving chains, oldest first (a copy of the list; the chains themselves are live). */
    public List<ReceiverChain> receiverChains() {
        return List.copyOf(receiverChains);
    }

    /** Present while we initiated this session and the peer has not answered yet. */
    public Optional<PendingPreKey> pendingPreKey() {
        return Optional.ofNullable(pendingPreKey);
    }

    void addReceiverChain(byte[] ratchetKey, ChainKey chainKey) {
        receiverChains.add(new ReceiverChain(ratchetKey, chainKey, List.of()));
        trimReceiverChains();
    }

    /**
     * Works out how receiving {@code message} would change this state, without changing it.
     *
     * @param random for the fresh ratchet key pair a new peer ratchet key calls for
     * @throws SignalProtocolException {@link SignalError.DuplicateMessage} for a counter already used,
     *                                 {@link SignalError.TooManySkippedMessages} for a counter too far ahead,
     *                                 {@link SignalError.InvalidMessage} for a version mismatch
     */
    public ReceiveStep prepareReceive(SignalMessage message, SecureRandom random) throws SignalProtocolException {
        byte[] theirRatchetKey = message.ratchetKey();
        long counter = message.counter();
        ReceiverChain chain = receiverChain(theirRatchetKey).orElse(null);
        if (chain != null) {
            ChainKey chainKey = chain.chainKey();
            if (counter < chainKey.index()) {
                byte[] seed = chain.skippedSeed(counter).orElseThrow(() ->
                        new SignalProtocolException(new SignalError.DuplicateMessage(counter)));
                return new ReceiveStep.FromSkipped(theirRatchetKey, MessageKeys.fromSeed(seed, counter));
            }
            ChainWalk walk = ChainWalk.to(chainKey, counter);
            return new ReceiveStep.Advance(theirRatchetKey, walk, MessageKeys.fromSeed(walk.targetSeed(), counter));
        }
        RootKey.Step receiving = rootKey.step(theirRatchetKey, senderChain.ratchetKey());
        ChainWalk walk = ChainWalk.to(receiving.chainKey(), counter);
        KeyPair ourNewRatchetKey = Curve25519.generateKeyPair(random);
        RootKey.Step sending = receiving.rootKey().step(theirRatchetKey, ourNewRatchetKey);
        long ourPreviousCounter = Math.max(senderChain.chainKey().index() - 1, 0);
        return new ReceiveStep.NewRatchet(theirRatchetKey, walk, MessageKeys.fromSeed(walk.targetSeed(), counter),
                sending.rootKey(), new SenderChain(ourNewRatchetKey, sending.chainKey()), ourPreviousCounter);
    }

    /**
     * Commits a prepared step once its message has decrypted; any decrypted message also proves that the peer has
     * our session, so the pending pre-key data is dropped.
     */
    public void apply(ReceiveStep step) {
        switch (step) {
            case ReceiveStep.FromSkipped skipped ->
                    requireChain(skipped.ratchetKey()).removeSkipped(skipped.keys().counter());
            case ReceiveStep.Advance advance -> requireChain(advance.ratchetKey()).advance(advance.walk());
            case ReceiveStep.NewRatchet ratchet -> {
                ReceiverChain chain = new ReceiverChain(ratchet.ratchetKey(), ratchet.walk().nextChainKey(),
                        ratchet.walk().skipped());
                receiverChains.add(chain);
                trimReceiverChains();
                rootKey = ratchet.rootKey();
                senderChain = ratchet.senderChain();
                previousCounter = ratchet.previousCounter();
            }
        }
        pendingPreKey = null;
    }

    private Optional<ReceiverChain> receiverChain(byte[] ratchetKey) {
        for (ReceiverChain chain : receiverChains) {
            if (chain.hasRatchetKey(ratchetKey)) {
                return Optional.of(chain);
            }
        }
        return Optional.empty();
    }

    private ReceiverChain requireChain(byte[] ratchetKey) {
        return receiverChain(ratchetKey).orElseThrow(() ->
                new IllegalStateException("receiving chain vanished between prepare and apply"));
    }

    private void trimReceiverChains() {
        while (receiverChains.size() > RatchetLimits.MAX_RECEIVER_CHAINS) {
            receiverChains.removeFirst();
        }
    }

    // --- persistence --------------------------------------------------------------------------------------------

    SignalSessionStateRecord toProto() {
        SignalSessionStateRecord.Builder builder = SignalSessionStateRecord.newBuilder()
                .setVersion(version)
                .setLocalIdentity(ByteString.copyFrom(localIdentity.publicKey()))
                .setRemoteIdentity(ByteString.copyFrom(remoteIdentity.publicKey()))
                .setLocalRegistrationId(localRegistrationId)
                .setRemoteRegistrationId(remoteRegistrationId)
                .setBaseKey(ByteString.copyFrom(baseKey))
                .setRootKey(ByteString.copyFrom(rootKey.key()))
                .setPreviousCounter((int) previousCounter)
                .setSenderChain(SignalSenderChainRecord.newBuilder()
                        .setRatchetPublic(ByteString.copyFrom(senderChain.ratchetKey().publicKey()))
                        .setRatchetPrivate(ByteString.copyFrom(senderChain.ratchetKey().privateKey()))
                        .setChainKey(chainKeyProto(senderChain.chainKey())));
        for (ReceiverChain chain : receiverChains) {
            SignalReceiverChainRecord.Builder chainBuilder = SignalReceiverChainRecord.newBuilder()
                    .setRatchetPublic(ByteString.copyFrom(chain.ratchetKey()))
                    .setChainKey(chainKeyProto(chain.chainKey()));
            for (SkippedKey key : chain.skippedKeys()) {
                chainBuilder.addSkippedKeys(SignalSkippedKeyRecord.newBuilder()
                        .setIndex((int) key.index()).setSeed(ByteString.copyFrom(key.seed())));
            }
            builder.addReceiverChains(chainBuilder);
        }
        if (pendingPreKey != null) {
            SignalPendingPreKeyRecord.Builder pending = SignalPendingPreKeyRecord.newBuilder()
                    .setSignedPreKeyId(pendingPreKey.signedPreKeyId())
                    .setBaseKey(ByteString.copyFrom(pendingPreKey.baseKey()));
            pendingPreKey.preKeyId().ifPresent(pending::setPreKeyId);
            builder.setPendingPreKey(pending);
        }
        return builder.build();
    }

    static SessionState fromProto(SignalSessionStateRecord record) {
        SignalSenderChainRecord sender = record.getSenderChain();
        if (!record.hasSenderChain() || !record.hasRootKey() || !record.hasBaseKey()) {
            throw new IllegalArgumentException("session state record lacks sender chain, root key or base key");
        }
        PendingPreKey pending = null;
        if (record.hasPendingPreKey()) {
            SignalPendingPreKeyRecord p = record.getPendingPreKey();
            pending = new PendingPreKey(p.hasPreKeyId() ? OptionalInt.of(p.getPreKeyId()) : OptionalInt.empty(),
                    p.getSignedPreKeyId(), p.getBaseKey().toByteArray());
        }
        SessionState state = new SessionState(record.getVersion(),
                new IdentityKey(record.getLocalIdentity().toByteArray()),
                new IdentityKey(record.getRemoteIdentity().toByteArray()),
                record.getLocalRegistrationId(), record.getRemoteRegistrationId(),
                record.getBaseKey().toByteArray(), new RootKey(record.getRootKey().toByteArray()),
                Integer.toUnsignedLong(record.getPreviousCounter()),
                new SenderChain(new KeyPair(sender.getRatchetPublic().toByteArray(),
                        sender.getRatchetPrivate().toByteArray()), chainKey(sender.getChainKey())),
                pending);
        for (SignalReceiverChainRecord chain : record.getReceiverChainsList()) {
            List<SkippedKey> skipped = new ArrayList<>(chain.getSkippedKeysCount());
            for (SignalSkippedKeyRecord key : chain.getSkippedKeysList()) {
                skipped.add(new SkippedKey(Integer.toUnsignedLong(key.getIndex()), key.getSeed().toByteArray()));
            }
            state.receiverChains.add(new ReceiverChain(chain.getRatchetPublic().toByteArray(),
                    chainKey(chain.getChainKey()), skipped));
        }
        state.trimReceiverChains();
        return state;
    }

    private static SignalChainKeyRecord chainKeyProto(ChainKey chainKey) {
        return SignalChainKeyRecord.newBuilder()
                .setIndex((int) chainKey.index())
                .setKey(ByteString.copyFrom(chainKey.key()))
                .build();
    }

    private static ChainKey chainKey(SignalChainKeyRecord record) {
        return new ChainKey(record.getKey().toByteArray(), Integer.toUnsignedLong(record.getIndex()));
    }
}
